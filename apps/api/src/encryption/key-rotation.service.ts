import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { EncryptionPass, EncryptionPassKind, KeyRotationResult } from '@atrio/protocol';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../logging/logger.token.js';
import { open, sealWith, UnreadableValueError } from './field-cipher.js';
import { KeyRing, type RingKey } from './key-ring.js';
import { messageBodySealingOn } from '../messages/message-body-cipher.js';
import { countPending, fieldUsage, pendingBatch, replaceValue } from './sealed-field-queries.js';
import { SEALED_FIELDS, type SealedField } from './sealed-fields.js';

export type RotationProgress = (done: number, total: number, label: string) => void;

/** Small batches, one short transaction each, so chat writes get the database in between. */
const BATCH_SIZE = 200;

/**
 * Re-encrypts every sealed value under the active key, in the background: after a rotation (new
 * key), and to seal values still in clear (an upgraded database, message bodies once the setting
 * is turned on). Nothing is kept about a pass but the key ring itself: a key still "retiring" at
 * start-up means a pass was interrupted, and it simply runs again (it only touches what is left).
 */
@Injectable()
export class KeyRotationService implements OnModuleDestroy {
  private running: Promise<KeyRotationResult> | null = null;
  private progress: EncryptionPass | null = null;
  private last: KeyRotationResult | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ring: KeyRing,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A new active key, then the pass; resolves when every value is re-encrypted (the CLI awaits it). */
  async rotate(actor: Actor | null, onProgress?: RotationProgress): Promise<KeyRotationResult> {
    while (this.running) await this.running.catch(() => undefined);
    const key = this.ring.rotate(this.clock.now());
    return this.runPass('rotation', actor, key, onProgress);
  }

  /** The REST route: refuses while a pass runs, otherwise starts the rotation without waiting. */
  startRotation(actor: Actor): void {
    if (this.running) {
      throw new AppError(
        'CONFLICT',
        'A key rotation or sealing pass is already running; wait for it to finish.',
      );
    }
    this.inBackground(this.rotate(actor));
  }

  /** At start-up: finishes an interrupted rotation and seals values left in clear; quiet when none. */
  resumeInBackground(): void {
    const kind = this.ring.list().some((key) => key.status === 'retiring') ? 'rotation' : 'seal';
    this.sealInBackground(kind, null);
  }

  sealInBackground(kind: EncryptionPassKind, actor: Actor | null): void {
    if (this.running) return; // the running pass seals what it finds too
    this.inBackground(this.runPass(kind, actor, this.ring.active()));
  }

  current(): EncryptionPass | null {
    return this.progress && { ...this.progress };
  }

  lastResult(): KeyRotationResult | null {
    return this.last;
  }

  /** Stops between two batches; the next start resumes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  private inBackground(pass: Promise<KeyRotationResult>): void {
    pass.catch((error: unknown) => this.logger.error({ err: error }, 'encryption pass failed'));
  }

  private runPass(
    kind: EncryptionPassKind,
    actor: Actor | null,
    key: RingKey,
    onProgress?: RotationProgress,
  ): Promise<KeyRotationResult> {
    const pass = this.pass(kind, actor, key, onProgress).finally(() => {
      this.running = null;
      this.progress = null;
    });
    this.running = pass;
    return pass;
  }

  private async pass(
    kind: EncryptionPassKind,
    actor: Actor | null,
    key: RingKey,
    onProgress?: RotationProgress,
  ): Promise<KeyRotationResult> {
    const startedAt = this.clock.now();
    const filterOf = (field: SealedField) => ({
      activeKeyId: key.id,
      includePlain: field.scope === 'always' || messageBodySealingOn(),
    });
    // Without a rotation, values under another key cannot exist (keys retire only when unused):
    // a sealing pass only has clear values to find, so columns kept in clear are not scanned
    // (the message table at every start, for nothing).
    const fields =
      kind === 'rotation' ? SEALED_FIELDS : SEALED_FIELDS.filter((field) => filterOf(field).includePlain);
    let total = 0;
    for (const field of fields) total += await countPending(this.dataSource, field, filterOf(field));
    const progress: EncryptionPass = {
      kind,
      keyId: key.id,
      startedAt: startedAt.toISOString(),
      total,
      done: 0,
      failed: 0,
      field: null,
    };
    this.progress = progress;
    const audited = kind === 'rotation' || total > 0; // a start-up check that finds nothing is not news
    if (audited) await this.record(actor, `encryption.${kind}.started`, key, { total });
    for (const field of fields) {
      progress.field = field.context;
      await this.resealField(field, filterOf(field), key, progress, onProgress);
      if (this.stopping) break;
    }
    const result: KeyRotationResult = {
      kind,
      keyId: key.id,
      startedAt: progress.startedAt,
      finishedAt: this.clock.now().toISOString(),
      resealed: progress.done - progress.failed,
      failed: progress.failed,
      retiredKeyIds: this.stopping ? [] : await this.retireUnusedKeys(),
      remaining: 0,
    };
    for (const field of fields)
      result.remaining += await countPending(this.dataSource, field, filterOf(field));
    if (this.stopping) {
      this.logger.info(
        { kind, done: progress.done, total },
        'encryption pass paused; it resumes at the next start',
      );
      return result;
    }
    this.last = result;
    if (audited) {
      const { resealed, failed, retiredKeyIds, remaining } = result;
      await this.record(
        actor,
        `encryption.${kind}.finished`,
        key,
        { resealed, failed, retiredKeyIds, remaining },
        failed === 0,
      );
    }
    return result;
  }

  private async resealField(
    field: SealedField,
    filter: { activeKeyId: string; includePlain: boolean },
    key: RingKey,
    progress: EncryptionPass,
    onProgress?: RotationProgress,
  ): Promise<void> {
    let after: string | number | null = null;
    while (!this.stopping) {
      const rows = await pendingBatch(this.dataSource, field, filter, after, BATCH_SIZE);
      if (rows.length === 0) return;
      after = rows.at(-1)!.pk;
      const updates: Array<{ pk: string | number; old: string; sealed: string }> = [];
      for (const row of rows) {
        try {
          updates.push({
            pk: row.pk,
            old: row.value,
            sealed: sealWith(key, open(row.value, field.context), field.context),
          });
        } catch (error) {
          if (!(error instanceof UnreadableValueError)) throw error;
          progress.failed += 1; // logged by the cipher; skipped, so its old key stays "retiring"
        }
      }
      await this.dataSource.transaction(async (manager) => {
        for (const u of updates) await replaceValue(manager, field, u.pk, u.old, u.sealed);
      });
      progress.done += rows.length;
      onProgress?.(progress.done, progress.total, field.context);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Retiring keys that no stored value uses any more. */
  private async retireUnusedKeys(): Promise<string[]> {
    if (!this.ring.list().some((key) => key.status === 'retiring')) return [];
    const used = new Set<string>();
    for (const field of SEALED_FIELDS) {
      for (const [id, count] of Object.entries((await fieldUsage(this.dataSource, field)).byKey)) {
        if (count > 0) used.add(id);
      }
    }
    const unused = this.ring
      .list()
      .filter((key) => key.status === 'retiring' && !used.has(key.id))
      .map((key) => key.id);
    this.ring.retire(unused, this.clock.now());
    return unused;
  }

  private async record(
    actor: Actor | null,
    action: string,
    key: RingKey,
    details: Record<string, unknown>,
    ok = true,
  ): Promise<void> {
    await this.audit.record({
      actor,
      action,
      target: `key:${key.id}`,
      outcome: ok ? 'success' : 'failure',
      details,
    });
  }
}
