import { BACKUP_ID_PATTERN, type BackupManifest, backupManifestSchema } from '@atrio/protocol';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../common/app-error.js';

/** The folder of backup files and their manifests: `<id>.db.gz` or `<id>.dump`, and `<id>.json`. */
export class BackupStore {
  constructor(readonly dir: string) {}

  /** A new id from the time (sortable) and a random suffix (unique). */
  newId(now: Date): string {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const day = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
    const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
    return `${day}-${time}-${randomBytes(2).toString('hex')}`;
  }

  async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  fileOf(manifest: Pick<BackupManifest, 'id' | 'databaseKind'>): string {
    return join(this.dir, `${manifest.id}${manifest.databaseKind === 'sqlite' ? '.db.gz' : '.dump'}`);
  }

  tempPath(id: string, suffix: string): string {
    return join(this.dir, `.${id}${suffix}`);
  }

  /** Written to a temporary name and renamed, so a crash never leaves half a manifest. */
  async save(manifest: BackupManifest): Promise<void> {
    const path = join(this.dir, `${manifest.id}.json`);
    try {
      await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
      await rename(`${path}.tmp`, path);
    } catch (error) {
      await rm(`${path}.tmp`, { force: true }); // a full disk leaves no half-written manifest behind
      throw error;
    }
  }

  /** The manifest of `id`, or VALIDATION_FAILED for a malformed id and NOT_FOUND for an unknown one. */
  async get(id: string): Promise<BackupManifest> {
    assertBackupId(id);
    const manifest = await this.read(`${id}.json`);
    if (!manifest || manifest.id !== id) throw new AppError('NOT_FOUND', `There is no backup ${id}.`);
    return manifest;
  }

  /** Every readable manifest, newest first; anything else in the folder is ignored. */
  async list(): Promise<BackupManifest[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const manifests = await Promise.all(
      names
        .filter((name) => BACKUP_ID_PATTERN.test(name.replace(/\.json$/, '')))
        .map((name) => this.read(name)),
    );
    return manifests
      .filter((manifest): manifest is BackupManifest => manifest !== null)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  /** Seconds since the newest backup with status ok or verified, or null when there is none. */
  async newestGoodAgeSeconds(now: Date): Promise<number | null> {
    const newest = (await this.list()).find((m) => m.status === 'ok' || m.status === 'verified');
    return newest ? Math.max(0, (now.getTime() - Date.parse(newest.createdAt)) / 1000) : null;
  }

  async remove(manifest: BackupManifest): Promise<void> {
    await rm(this.fileOf(manifest), { force: true });
    await rm(join(this.dir, `${manifest.id}.json`), { force: true });
  }

  private async read(name: string): Promise<BackupManifest | null> {
    if (!name.endsWith('.json')) return null;
    try {
      const parsed = backupManifestSchema.safeParse(JSON.parse(await readFile(join(this.dir, name), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}

export function assertBackupId(id: string): void {
  if (!BACKUP_ID_PATTERN.test(id)) {
    throw new AppError('VALIDATION_FAILED', 'The backup id is not valid.', {
      fields: [{ path: 'id', message: 'must look like 20261129-101500-ab12' }],
    });
  }
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
