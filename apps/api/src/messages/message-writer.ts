import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { sqliteConnection } from '../database/sqlite-statements.js';
import { withExclusiveStatements } from '../database/sqlite-serialization.js';
import { CommitPacing } from './commit-pacing.js';
import { MessageRow } from './message.entity.js';
import type { WatermarkForWorker, WorkerOutcome } from './sqlite-commit-ops.js';
import { SqliteCommitWorker } from './sqlite-commit-worker.js';
import { type NewMessage, rowForWorker, storedOf, type StoredMessage } from './sqlite-message-batch.js';

export type Watermark = WatermarkForWorker;

/**
 * Under a steady stream, batches start at least this far apart (see CommitPacing). Measured at
 * 10 rooms × 50 (README, "Stalls found, CPU per delivery again", part 2): server CPU per delivery −7 to −11 %, p50 delivery
 * +3 ms; nothing waits when the server is not busy.
 */
const BUSY_COMMIT_SPACING_MS = 4;

type Pending =
  | { message: NewMessage; resolve: (row: StoredMessage) => void; reject: (error: unknown) => void }
  | { watermark: Watermark; resolve: (moved: boolean) => void; reject: (error: unknown) => void }
  | { searchCatchUp: true; resolve: () => void; reject: (error: unknown) => void };

/**
 * Group commit: messages (and, on SQLite, receipts) that arrive together are stored in one
 * transaction, and each sender is answered only after that commit (synchronous=FULL: durable even
 * across a power cut). One fsync per batch instead of one per message is what keeps throughput up;
 * on SQLite the commit runs in its own thread so the wait for the disk never stalls deliveries.
 */
@Injectable()
export class MessageWriter implements OnModuleDestroy {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private commitThread: SqliteCommitWorker | undefined;
  private readonly pacing = new CommitPacing(BUSY_COMMIT_SPACING_MS);

  constructor(private readonly dataSource: DataSource) {}

  /** Stores the message, or returns the one already stored under the same (author, clientMsgId). */
  write(message: NewMessage): Promise<StoredMessage> {
    return new Promise((resolve, reject) => this.enqueue({ message, resolve, reject }));
  }

  /** Moves a member's delivered or read watermark forward; false when it was already there. */
  async moveWatermark(watermark: Watermark): Promise<boolean> {
    if (!sqliteConnection(this.dataSource)) return this.moveWatermarkOnPostgres(watermark);
    return new Promise((resolve, reject) => this.enqueue({ watermark, resolve, reject }));
  }

  /**
   * SQLite: brings the search index up to date before a search, in the commit thread's next batch
   * (riding along with any messages in it), so that what was acknowledged is found at once and the
   * index's write and fsync never run on the event loop. Nothing to do on PostgreSQL.
   */
  async catchUpSearchIndex(): Promise<void> {
    if (!sqliteConnection(this.dataSource)) return;
    return new Promise((resolve, reject) => this.enqueue({ searchCatchUp: true, resolve, reject }));
  }

  async onModuleDestroy(): Promise<void> {
    await this.flushing;
    await this.commitThread?.close();
    this.commitThread = undefined;
  }

  private enqueue(item: Pending): void {
    this.pending.push(item);
    this.flushing ??= new Promise((done) => setImmediate(() => void this.flush().then(done)));
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      // A waiting search is never held back: it asks for its own batch, and a person waits for it.
      const wait = this.pacing.waitMs(performance.now());
      if (wait > 0 && !this.pending.some((item) => 'searchCatchUp' in item)) await sleep(wait);
      this.pacing.started(performance.now());
      const taken = this.pending.splice(0);
      // Search catch-ups go in a batch of their own, after the messages taken with them: the index
      // is derived data, so that batch commits without waiting for the disk (see the thread).
      const writes = taken.filter((item) => !('searchCatchUp' in item));
      const catchUps = taken.filter((item) => 'searchCatchUp' in item);
      for (const batch of [writes, catchUps]) {
        if (batch.length === 0) continue;
        try {
          if (sqliteConnection(this.dataSource)) await this.commitOnSqlite(batch);
          else await this.commitOnPostgres(batch);
        } catch (error) {
          batch.forEach((item) => item.reject(error));
        }
      }
    }
    this.flushing = null;
  }

  private async commitOnSqlite(batch: Pending[]): Promise<void> {
    const ops = batch.map((item) =>
      'message' in item
        ? rowForWorker(item.message)
        : 'watermark' in item
          ? item.watermark
          : { searchCatchUp: true as const },
    );
    this.commitThread ??= new SqliteCommitWorker(String(this.dataSource.options.database));
    const thread = this.commitThread;
    const outcomes = await withExclusiveStatements(this.dataSource, () => thread.write(ops));
    batch.forEach((item, i) => settle(item, outcomes[i]!));
  }

  /** PostgreSQL: one transaction through TypeORM; one failed insert fails the whole batch. */
  private async commitOnPostgres(batch: Pending[]): Promise<void> {
    const stored = await this.dataSource.transaction(async (manager) => {
      const results: StoredMessage[] = [];
      for (const item of batch) {
        if ('message' in item) results.push(await this.insertWithTypeorm(manager, item.message));
      }
      return results;
    });
    batch.forEach((item) => {
      if ('message' in item) item.resolve(stored.shift()!);
    });
  }

  private async insertWithTypeorm(manager: EntityManager, row: NewMessage): Promise<StoredMessage> {
    const existing = row.clientMsgId
      ? await manager
          .getRepository(MessageRow)
          .findOneBy({ authorId: row.authorId!, clientMsgId: row.clientMsgId })
      : null;
    if (existing) return { ...existing, duplicate: true };
    const inserted = await manager.getRepository(MessageRow).insert(row);
    const id = Number(inserted.identifiers[0]!.id);
    // The author has seen what they wrote: in the same commit, not a second fsync.
    if (row.authorId !== null) {
      await manager.query(
        `UPDATE room_members SET read_id = $1, delivered_id = GREATEST(delivered_id, $1)
         WHERE room_id = $2 AND user_id = $3 AND read_id < $1`,
        [id, row.roomId, row.authorId],
      );
    }
    return { ...(row as MessageRow), id, duplicate: false };
  }

  private async moveWatermarkOnPostgres({
    watermark,
    roomId,
    userId,
    messageId,
  }: Watermark): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      watermark === 'read'
        ? `UPDATE room_members SET read_id = $1, delivered_id = GREATEST(delivered_id, $1)
           WHERE room_id = $2 AND user_id = $3 AND read_id < $1`
        : `UPDATE room_members SET delivered_id = $1 WHERE room_id = $2 AND user_id = $3 AND delivered_id < $1`,
      [messageId, roomId, userId],
    )) as [unknown, number];
    return affected > 0;
  }
}

function settle(item: Pending, outcome: WorkerOutcome): void {
  if (!outcome.ok) {
    item.reject(Object.assign(new Error(outcome.message), { code: outcome.code }));
  } else if ('message' in item && 'id' in outcome) {
    item.resolve(storedOf(item.message, outcome));
  } else if ('watermark' in item && 'moved' in outcome) {
    item.resolve(outcome.moved);
  } else if ('searchCatchUp' in item && 'indexed' in outcome) {
    item.resolve();
  } else {
    item.reject(new Error('the commit thread answered a different kind of operation'));
  }
}
