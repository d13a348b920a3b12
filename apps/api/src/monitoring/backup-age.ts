import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

const GOOD_STATUSES = new Set(['ok', 'verified']);

/**
 * Seconds since the newest good backup in `<dataDir>/backups/*.json`, or null when there is none.
 * Reads the manifests directly so monitoring does not depend on the backup module.
 */
export async function newestBackupAgeSeconds(dataDir: string, now: Date): Promise<number | null> {
  const dir = join(dataDir, 'backups');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch {
    return null;
  }
  let newest: number | null = null;
  for (const name of names) {
    const takenAt = await goodBackupTime(join(dir, name));
    if (takenAt !== null && (newest === null || takenAt > newest)) newest = takenAt;
  }
  return newest === null ? null : Math.max(0, (now.getTime() - newest) / 1000);
}

async function goodBackupTime(path: string): Promise<number | null> {
  try {
    const manifest = JSON.parse(await readFile(path, 'utf8')) as { status?: unknown; createdAt?: unknown };
    if (typeof manifest.status !== 'string' || !GOOD_STATUSES.has(manifest.status)) return null;
    const createdAt = typeof manifest.createdAt === 'string' ? Date.parse(manifest.createdAt) : NaN;
    return Number.isNaN(createdAt) ? (await stat(path)).mtimeMs : createdAt;
  } catch {
    // A manifest being written or damaged is not a good backup.
    return null;
  }
}
