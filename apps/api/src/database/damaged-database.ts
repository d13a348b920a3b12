import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../config/startup-error.js';
import { SQLITE_FILE } from './data-source.js';

/**
 * Why the SQLite file in `dataDir` is damaged (SQLite's `quick_check`: every page and b-tree is
 * readable and well formed), or null when it is sound or does not exist yet. A file damaged while
 * the server was stopped would otherwise start and fail later — on the first read of a broken page,
 * in front of a user — instead of at once, in front of the administrator.
 */
export function sqliteDamage(dataDir: string): string | null {
  const file = join(dataDir, SQLITE_FILE);
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    // Read-write, as the server opens it: a WAL left by a crash is replayed, not taken for damage.
    db = new Database(file, { fileMustExist: true });
    const rows = db.pragma('quick_check(3)') as Array<{ quick_check: string }>;
    const problems = rows
      .flatMap((row) => row.quick_check.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line !== 'ok' && line !== '' && !line.startsWith('***'));
    return problems.length > 0 ? problems.slice(0, 3).join('; ') : null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  } finally {
    db?.close();
  }
}

/** The newest backup whose manifest says it completed, read from the backups folder's manifests. */
export function newestGoodBackupId(dataDir: string): string | null {
  const dir = join(dataDir, 'backups');
  let newest: { id: string; createdAt: string } | null = null;
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^\d{8}-\d{6}-[0-9a-f]{4}\.json$/.test(name));
  } catch {
    return null;
  }
  for (const name of names) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        id: string;
        createdAt: string;
        status: string;
      };
      if (manifest.status !== 'ok' && manifest.status !== 'verified') continue;
      if (!newest || manifest.createdAt > newest.createdAt) newest = manifest;
    } catch {
      /* not a manifest */
    }
  }
  return newest?.id ?? null;
}

/** Refuses to start on a damaged SQLite file, naming the damage and the documented recovery. */
export function assertSqliteSound(dataDir: string): void {
  const damage = sqliteDamage(dataDir);
  if (damage === null) return;
  const backup = newestGoodBackupId(dataDir);
  throw new StartupError(
    'ATRIO_DATA_DIR',
    `the database ${join(dataDir, SQLITE_FILE)} is damaged (${damage}). ` +
      'Keep the server stopped and restore the last good backup: ' +
      (backup
        ? `atrio backup restore ${backup}`
        : 'atrio backup list, then atrio backup restore <id> (no completed backup is in the data dir)') +
      ' — the damaged file is kept beside it (README: Operations, "Database recovery")',
  );
}
