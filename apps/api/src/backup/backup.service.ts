import { Inject, Injectable } from '@nestjs/common';
import {
  type BackupManifest,
  type BackupRestoreResult,
  type BackupTrigger,
  type BackupVerifyResult,
  BACKUPS_SORTABLE,
} from '@atrio/protocol';
import { Mutex } from 'async-mutex';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { isDiskFull } from '../common/disk-full.js';
import { Clock } from '../common/clock.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { APP_VERSION } from '../config/app-version.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { openDatabase, SQLITE_FILE } from '../database/data-source.js';
import { SettingsService } from '../settings/settings.service.js';
import { BACKUP_POLICY } from './backup-settings.js';
import { assertBackupId, BackupStore, sha256Of } from './backup-store.js';
import { MIGRATION_NAMES, retentionVictims } from './backup-rules.js';
import { dumpPostgres, restorePostgres, verifyPostgresDump } from './postgres-backup.js';
import {
  backupSqlite,
  type DatabaseCounts,
  gunzipTo,
  inspectSqliteFile,
  restoreSqliteInto,
} from './sqlite-backup.js';

export type BackupConfig = Pick<AtrioConfig, 'dataDir' | 'databaseUrl' | 'databaseKind'>;

const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** Backups of the whole database: taking, checking, restoring, keeping a bounded number. */
@Injectable()
export class BackupService {
  readonly store: BackupStore;
  /** One backup operation at a time: a restore must never race a backup or a retention sweep. */
  private readonly lock = new Mutex();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATRIO_CONFIG) private readonly config: BackupConfig,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {
    this.store = new BackupStore(join(config.dataDir, 'backups'));
  }

  async list(request: ListRequest): Promise<Page<BackupManifest>> {
    const field = request.sort.field as (typeof BACKUPS_SORTABLE)[number];
    const direction = request.sort.order === 'ASC' ? 1 : -1;
    const all = (await this.store.list()).sort((a, b) => {
      const [x, y] = [a[field], b[field]];
      return direction * (x < y ? -1 : x > y ? 1 : a.id.localeCompare(b.id));
    });
    return { rows: all.slice(request.skip, request.skip + request.take), total: all.length };
  }

  get(id: string): Promise<BackupManifest> {
    return this.store.get(id);
  }

  /** Takes a backup now, then applies the retention policy. */
  create(actor: Actor | null, trigger: BackupTrigger): Promise<BackupManifest> {
    return this.lock.runExclusive(async () => {
      const manifest = await this.createUnlocked(actor, trigger);
      await this.applyRetention();
      return manifest;
    });
  }

  verify(actor: Actor | null, id: string): Promise<BackupVerifyResult> {
    return this.lock.runExclusive(async () => {
      const manifest = await this.store.get(id);
      const scratch = await this.scratchDir(id);
      try {
        return await this.verifyUnlocked(actor, manifest, scratch);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });
  }

  /**
   * Replaces the database with backup `id`. Refuses (changing nothing) unless `confirm` repeats the
   * id and the backup is ours, of this database kind, of a known schema and passes verification.
   * The current database is backed up first ('pre-restore').
   */
  restore(actor: Actor | null, id: string, confirm: string): Promise<BackupRestoreResult> {
    assertBackupId(id);
    if (confirm !== id) {
      throw new AppError('VALIDATION_FAILED', 'To restore, repeat the id of the backup in "confirm".', {
        fields: [{ path: 'confirm', message: 'must repeat the backup id' }],
      });
    }
    return this.lock.runExclusive(async () => {
      const manifest = await this.store.get(id);
      const refuse = (reason: string) =>
        new AppError('CONFLICT', `Backup ${id} cannot be restored: ${reason}. Nothing was changed.`);
      if (manifest.databaseKind !== this.config.databaseKind) {
        throw refuse(
          `it is a ${manifest.databaseKind} backup and this server uses ${this.config.databaseKind}`,
        );
      }
      if (!MIGRATION_NAMES.includes(manifest.schemaVersion)) {
        throw refuse(`its schema version "${manifest.schemaVersion}" is unknown to this version of Atrio`);
      }
      const scratch = await this.scratchDir(id);
      try {
        const verified = await this.verifyUnlocked(actor, manifest, scratch);
        if (!verified.ok) throw refuse(`it failed verification (${verified.details})`);
        const current = await this.schemaVersion();
        if (manifest.databaseKind === 'sqlite' && manifest.schemaVersion !== current) {
          // An older backup is brought up to this schema first, so its rows fit the live tables.
          const upgraded = await openDatabase(
            { dataDir: scratch, databaseUrl: '' },
            this.dataSource.options.entities ?? [],
          );
          await upgraded.destroy();
        }
        const before = await this.createUnlocked(actor, 'pre-restore');
        const counts = await this.restoreFile(manifest, scratch);
        await this.audit.record({
          actor,
          action: 'backup.restored',
          target: `backup:${id}`,
          outcome: 'success',
          details: { preRestoreBackupId: before.id, ...counts },
        });
        return { id, preRestoreBackupId: before.id, ...counts };
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });
  }

  /** The file to stream to the caller; the download itself is audited. */
  async download(actor: Actor, id: string): Promise<{ path: string; filename: string; type: string }> {
    const manifest = await this.store.get(id);
    const path = this.store.fileOf(manifest);
    await stat(path).catch(() => {
      throw new AppError('NOT_FOUND', `The file of backup ${id} is missing.`);
    });
    await this.audit.record({
      actor,
      action: 'backup.downloaded',
      target: `backup:${id}`,
      outcome: 'success',
    });
    const sqlite = manifest.databaseKind === 'sqlite';
    return {
      path,
      filename: `atrio-backup-${id}${sqlite ? '.db.gz' : '.dump'}`,
      type: sqlite ? 'application/gzip' : 'application/octet-stream',
    };
  }

  remove(actor: Actor, id: string): Promise<void> {
    return this.lock.runExclusive(async () => {
      const manifest = await this.store.get(id);
      await this.store.remove(manifest);
      await this.audit.record({
        actor,
        action: 'backup.deleted',
        target: `backup:${id}`,
        outcome: 'success',
      });
    });
  }

  /** When the last scheduled backup was taken, for the scheduler. */
  async lastScheduledAt(): Promise<Date | null> {
    const last = (await this.store.list()).find((m) => m.trigger === 'scheduled' && m.status !== 'failed');
    return last ? new Date(last.createdAt) : null;
  }

  private async createUnlocked(actor: Actor | null, trigger: BackupTrigger): Promise<BackupManifest> {
    await this.store.ensureDir();
    const now = this.clock.now();
    const manifest: BackupManifest = {
      id: this.store.newId(now),
      createdAt: now.toISOString(),
      sizeBytes: 0,
      compressedBytes: 0,
      sha256: EMPTY_SHA256,
      schemaVersion: await this.schemaVersion(),
      appVersion: APP_VERSION,
      databaseKind: this.config.databaseKind,
      status: 'ok',
      verifiedAt: null,
      verifyDetails: null,
      trigger,
    };
    const file = this.store.fileOf(manifest);
    try {
      if (manifest.databaseKind === 'sqlite') {
        const { sizeBytes } = await backupSqlite(
          this.dataSource,
          this.store.tempPath(manifest.id, '.db'),
          file,
        );
        manifest.sizeBytes = sizeBytes;
      } else {
        await dumpPostgres(this.config.databaseUrl, file);
        manifest.sizeBytes = (await stat(file)).size;
      }
      manifest.compressedBytes = (await stat(file)).size;
      manifest.sha256 = await sha256Of(file);
    } catch (error) {
      await rm(file, { force: true });
      const reason = isDiskFull(error)
        ? 'the disk is full'
        : error instanceof Error
          ? error.message
          : String(error);
      // On a full disk neither the failed manifest nor the audit entry may fit: the refusal still stands.
      await this.store.save({ ...manifest, status: 'failed', verifyDetails: reason }).catch(() => undefined);
      await this.audit
        .record({
          actor,
          action: 'backup.created',
          target: `backup:${manifest.id}`,
          outcome: 'failure',
          details: { trigger, reason },
        })
        .catch(() => undefined);
      throw new AppError('UNAVAILABLE', `The backup could not be taken: ${reason}.`);
    }
    await this.store.save(manifest);
    await this.audit.record({
      actor,
      action: 'backup.created',
      target: `backup:${manifest.id}`,
      outcome: 'success',
      details: { trigger, sizeBytes: manifest.sizeBytes, sha256: manifest.sha256 },
    });
    return manifest;
  }

  /** Checks the backup, leaving a decompressed SQLite copy in `scratch`; records the outcome. */
  private async verifyUnlocked(
    actor: Actor | null,
    manifest: BackupManifest,
    scratch: string,
  ): Promise<BackupVerifyResult> {
    let counts: DatabaseCounts | null = null;
    let failure: string | null = null;
    try {
      counts = await this.check(manifest, scratch);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const verifiedAt = this.clock.now().toISOString();
    const details =
      failure ?? `checksum, integrity and contents ok: ${counts!.users} users, ${counts!.messages} messages`;
    const status = failure === null ? 'verified' : 'verify_failed';
    await this.store.save({ ...manifest, status, verifiedAt, verifyDetails: details });
    await this.audit.record({
      actor,
      action: failure === null ? 'backup.verified' : 'backup.verify_failed',
      target: `backup:${manifest.id}`,
      outcome: failure === null ? 'success' : 'failure',
      details: { reason: details },
    });
    return {
      ok: failure === null,
      id: manifest.id,
      status,
      details,
      users: counts?.users ?? null,
      messages: counts?.messages ?? null,
      verifiedAt,
    };
  }

  private async check(manifest: BackupManifest, scratch: string): Promise<DatabaseCounts> {
    if (manifest.status === 'failed') throw new Error('the backup was never completed');
    const file = this.store.fileOf(manifest);
    const actual = await sha256Of(file).catch(() => {
      throw new Error('the backup file is missing');
    });
    if (actual !== manifest.sha256) {
      throw new Error('checksum mismatch: the file was changed or damaged since it was written');
    }
    if (manifest.databaseKind === 'postgres') {
      return verifyPostgresDump(this.config.databaseUrl, file);
    }
    const raw = join(scratch, SQLITE_FILE);
    await gunzipTo(file, raw).catch((error: Error) => {
      throw new Error(`the file does not decompress: ${error.message}`);
    });
    let inspection;
    try {
      inspection = inspectSqliteFile(raw);
    } catch (error) {
      throw new Error(`not a sound Atrio database: ${(error as Error).message}`, { cause: error });
    }
    if (inspection.schemaVersion !== manifest.schemaVersion) {
      throw new Error(
        `the database inside has schema "${inspection.schemaVersion ?? 'none'}", the manifest says "${manifest.schemaVersion}"`,
      );
    }
    return inspection;
  }

  private restoreFile(manifest: BackupManifest, scratch: string): Promise<DatabaseCounts> {
    return manifest.databaseKind === 'sqlite'
      ? restoreSqliteInto(this.dataSource, join(scratch, SQLITE_FILE))
      : restorePostgres(this.config.databaseUrl, this.store.fileOf(manifest));
  }

  /** Deletes backups beyond the policy's count or age, never the newest good one. */
  private async applyRetention(): Promise<void> {
    const policy = await this.settings.get(BACKUP_POLICY);
    for (const victim of retentionVictims(await this.store.list(), policy, this.clock.now())) {
      await this.store.remove(victim);
      await this.audit.record({
        actor: null,
        action: 'backup.deleted',
        target: `backup:${victim.id}`,
        outcome: 'success',
        details: { reason: 'retention' },
      });
    }
  }

  private async schemaVersion(): Promise<string> {
    const rows: Array<{ name: string }> = await this.dataSource.query(
      'SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1',
    );
    return rows[0]?.name ?? 'none';
  }

  private async scratchDir(id: string): Promise<string> {
    await this.store.ensureDir();
    return mkdtemp(join(this.store.dir, `.work-${id}-`));
  }
}
