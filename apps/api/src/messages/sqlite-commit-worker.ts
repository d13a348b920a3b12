import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SEARCH_BACKLOG_SQL } from '../search/sqlite-search-backlog.js';

/** How often the commit thread brings the search index up to date while messages arrive. */
const SEARCH_INDEX_EVERY_MS = 250;

/** One message as the worker stores it: body already sealed, instants as epoch milliseconds. */
export interface RowForWorker {
  roomId: number;
  authorId: number | null;
  authorName: string;
  kind: string;
  body: string;
  clientMsgId: string | null;
  replyToId: number | null;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
}

/** A member's delivery or read watermark moving forward (receipts ride the same group commit). */
export interface WatermarkForWorker {
  watermark: 'delivered' | 'read';
  roomId: number;
  userId: number;
  messageId: number;
}

export type OpForWorker = RowForWorker | WatermarkForWorker;

/**
 * Per op: a message's new id or the stored original of a duplicate (raw columns); for a watermark
 * whether it moved; or why it failed.
 */
export type WorkerOutcome =
  | { ok: true; id: number; duplicate: Record<string, unknown> | null }
  | { ok: true; moved: boolean }
  | { ok: false; message: string; code: string | null };

interface Reply {
  batch: number;
  outcomes?: WorkerOutcome[];
  failure?: string;
}

/**
 * Runs in the worker thread. Plain JavaScript on purpose: it is evaluated as is, both from the
 * built server and from the TypeScript sources under Vitest. Each batch is one IMMEDIATE
 * transaction, each message a savepoint inside it; COMMIT (and its fsync) happens here, off the
 * event loop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
const insert = db.prepare(\`INSERT INTO messages (room_id, author_id, author_name, kind, body, client_msg_id,
  reply_to_id, created_at, edited_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\`);
const findDuplicate = db.prepare('SELECT * FROM messages WHERE author_id = ? AND client_msg_id = ?');
const advanceAuthor = db.prepare(\`UPDATE room_members SET read_id = ?, delivered_id = MAX(delivered_id, ?)
  WHERE room_id = ? AND user_id = ? AND read_id < ?\`);
const delivered = db.prepare(
  'UPDATE room_members SET delivered_id = ? WHERE room_id = ? AND user_id = ? AND delivered_id < ?');
const read = db.prepare(\`UPDATE room_members SET read_id = ?, delivered_id = MAX(delivered_id, ?)
  WHERE room_id = ? AND user_id = ? AND read_id < ?\`);
const moveWatermark = (w) => {
  const id = w.messageId;
  const { changes } = w.watermark === 'read'
    ? read.run(id, id, w.roomId, w.userId, id)
    : delivered.run(id, w.roomId, w.userId, id);
  return { ok: true, moved: changes > 0 };
};
const writeMessage = db.transaction((r) => {
  if (r.clientMsgId !== null && r.authorId !== null) {
    const existing = findDuplicate.get(r.authorId, r.clientMsgId);
    if (existing) return { ok: true, id: existing.id, duplicate: existing };
  }
  const { lastInsertRowid } = insert.run(r.roomId, r.authorId, r.authorName, r.kind, r.body, r.clientMsgId,
    r.replyToId, r.createdAt, r.editedAt, r.deletedAt);
  const id = Number(lastInsertRowid);
  if (r.authorId !== null) advanceAuthor.run(id, id, r.roomId, r.authorId, id);
  return { ok: true, id, duplicate: null };
});
// New messages reach the search index a few times a second, inside a batch's own transaction
// (a savepoint: if it fails, the messages still commit and the next run or search catches up).
const { searchBacklog, indexEveryMs } = workerData;
let backlog; // prepared at the first run, not at start: a failure there must not stop message writes
const indexSearch = db.transaction(() => {
  backlog ??= { index: db.prepare(searchBacklog.index), advance: db.prepare(searchBacklog.advance) };
  backlog.index.run();
  backlog.advance.run();
});
let indexedAt = 0;
const writeBatch = db.transaction((rows) => {
  const outcomes = rows.map((r) => {
    try { return r.watermark ? moveWatermark(r) : writeMessage(r); } catch (e) { return { ok: false, message: String(e && e.message), code: (e && e.code) || null }; }
  });
  if (Date.now() - indexedAt >= indexEveryMs) {
    indexedAt = Date.now();
    try { indexSearch(); } catch (e) { /* caught up by the next run */ }
  }
  return outcomes;
});
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.close(); return; }
  try { parentPort.postMessage({ batch: m.batch, outcomes: writeBatch.immediate(m.rows) }); }
  catch (e) { parentPort.postMessage({ batch: m.batch, failure: String(e && e.message) }); }
});
`;

/**
 * The message store's second connection, in its own thread: with synchronous=FULL a commit waits
 * for the disk (milliseconds, tens on a busy disk), and in the event loop that wait would stall
 * every delivery. Callers hold the shared connection's lock (withExclusiveConnection) while a batch
 * is in flight, so the two connections never write at the same time.
 */
export class SqliteCommitWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (o: WorkerOutcome[]) => void; reject: (e: Error) => void }
  >();
  private nextBatch = 1;
  private failed: Error | null = null;

  constructor(file: string) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driverPath,
        file,
        searchBacklog: SEARCH_BACKLOG_SQL,
        indexEveryMs: SEARCH_INDEX_EVERY_MS,
      },
    });
    this.worker.unref(); // never what keeps a process alive: close() is awaited at shutdown anyway
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`the message commit thread stopped (exit ${code})`)),
    );
  }

  write(rows: OpForWorker[]): Promise<WorkerOutcome[]> {
    if (this.failed) return Promise.reject(this.failed);
    const batch = this.nextBatch++;
    return new Promise((resolve, reject) => {
      this.waiting.set(batch, { resolve, reject });
      this.worker.postMessage({ batch, rows });
    });
  }

  async close(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise((done) => this.worker.once('exit', done));
    this.worker.postMessage({ close: true });
    await exited;
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.batch);
    this.waiting.delete(reply.batch);
    if (reply.outcomes) waiter?.resolve(reply.outcomes);
    else waiter?.reject(new Error(reply.failure ?? 'the batch failed'));
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failed);
    this.waiting.clear();
  }
}
