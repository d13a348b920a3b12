import type { BackupManifest } from '@atrio/protocol';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../common/app-error.js';
import { SQLITE_FILE } from '../database/data-source.js';
import { BackupStore, sha256Of } from './backup-store.js';
import { MIGRATION_NAMES } from './backup-rules.js';
import { gunzipTo, inspectSqliteFile, type DatabaseCounts } from './sqlite-backup.js';

export interface DamagedRestoreResult extends DatabaseCounts {
  id: string;
  /** Where the damaged file was moved (its -wal and -shm beside it), kept for forensics. */
  damagedFileKeptAs: string;
}

/**
 * The recovery of a damaged SQLite database (server stopped): the live file cannot be read, so
 * the usual restore — copy rows into the live database after a pre-restore backup — cannot run.
 * The backup is verified exactly as a restore verifies it (status, checksum, decompression,
 * integrity_check, schema) without opening the live file; only then is the damaged file moved
 * aside and the verified copy put in its place. Migrations bring it up to date at the next open.
 */
export class DamagedDatabaseRestore {
  private readonly store: BackupStore;

  constructor(private readonly dataDir: string) {
    this.store = new BackupStore(join(dataDir, 'backups'));
  }

  get(id: string): Promise<BackupManifest> {
    return this.store.get(id);
  }

  async restore(manifest: BackupManifest, now: Date): Promise<DamagedRestoreResult> {
    const refuse = (reason: string) =>
      new AppError('CONFLICT', `Backup ${manifest.id} cannot be restored: ${reason}. Nothing was changed.`);
    if (manifest.databaseKind !== 'sqlite') throw refuse('it is not a SQLite backup');
    if (manifest.status === 'failed') throw refuse('the backup was never completed');
    if (!MIGRATION_NAMES.includes(manifest.schemaVersion)) {
      throw refuse(`its schema version "${manifest.schemaVersion}" is unknown to this version of Atrio`);
    }
    const file = this.store.fileOf(manifest);
    const actual = await sha256Of(file).catch(() => null);
    if (actual === null) throw refuse('the backup file is missing');
    if (actual !== manifest.sha256) {
      throw refuse(
        'it failed verification (checksum mismatch: the file was changed or damaged since it was written)',
      );
    }
    // Same file system as the database, so putting it in place is one rename.
    const scratch = await mkdtemp(join(this.dataDir, `.restore-${manifest.id}-`));
    try {
      const copy = join(scratch, SQLITE_FILE);
      await gunzipTo(file, copy).catch((error: Error) => {
        throw refuse(`it failed verification (the file does not decompress: ${error.message})`);
      });
      let counts: DatabaseCounts;
      try {
        const inspection = inspectSqliteFile(copy);
        if (inspection.schemaVersion !== manifest.schemaVersion)
          throw new Error('its schema differs from the manifest');
        counts = inspection;
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw refuse(`it failed verification (not a sound Atrio database: ${(error as Error).message})`);
      }
      const live = join(this.dataDir, SQLITE_FILE);
      const keptAs = `${SQLITE_FILE}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(live + suffix)) await rename(live + suffix, join(this.dataDir, keptAs + suffix));
      }
      await rename(copy, live);
      return { id: manifest.id, users: counts.users, messages: counts.messages, damagedFileKeptAs: keptAs };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
