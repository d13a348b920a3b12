import { createRequire } from 'node:module';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type {
  CommitReply,
  CommitRequest,
  CommitThreadData,
  OpForWorker,
  RowForWorker,
  WatermarkForWorker,
  WorkerOutcome,
} from './sqlite-commit-ops.js';

// The program of the SQLite commit thread (started by SqliteCommitWorker). It imports nothing at
// run time but Node's own modules: under Vitest it is started from its transpiled text, where no
// relative or package import could resolve (the driver is loaded from the path the parent found).

type Database = BetterSqlite3.Database;

/**
 * Each batch is one IMMEDIATE transaction, each message a savepoint inside it; COMMIT (and its
 * fsync) happens here, off the event loop.
 */
export function serveCommits(port: MessagePort, data: CommitThreadData): void {
  const Driver = createRequire(data.driverPath)(data.driverPath) as typeof BetterSqlite3;
  const db = new Driver(data.file, { timeout: 5000 });
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const writeBatch = batchWriter(db, data);
  port.on('message', (m: CommitRequest) => {
    if ('close' in m) {
      db.close();
      port.close();
      return;
    }
    let reply: CommitReply;
    // A batch that only brings the search index up to date commits without an fsync: the index is
    // derived from the messages, a crash can only lose that update (and indexed_through with it,
    // in the same transaction), and the next message commit's fsync makes it durable anyway.
    const indexOnly = m.rows.every((r) => 'searchCatchUp' in r);
    try {
      if (indexOnly) db.pragma('synchronous = NORMAL');
      reply = { batch: m.batch, outcomes: writeBatch.immediate(m.rows) };
    } catch (e) {
      const error = e as { message?: unknown; code?: unknown } | undefined;
      const failureCode = typeof error?.code === 'string' ? error.code : null;
      reply = { batch: m.batch, failure: String(error?.message), failureCode };
    } finally {
      if (indexOnly) db.pragma('synchronous = FULL');
    }
    port.postMessage(reply);
  });
}

function batchWriter(db: Database, { searchBacklog, indexEveryMs }: CommitThreadData) {
  const insert = db.prepare(`INSERT INTO messages (room_id, author_id, author_name, kind, body, client_msg_id,
    reply_to_id, created_at, edited_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const findDuplicate = db.prepare<[number, string], Record<string, unknown> & { id: number }>(
    'SELECT * FROM messages WHERE author_id = ? AND client_msg_id = ?',
  );
  const advanceAuthor = db.prepare(`UPDATE room_members SET read_id = ?, delivered_id = MAX(delivered_id, ?)
    WHERE room_id = ? AND user_id = ? AND read_id < ?`);
  const delivered = db.prepare(
    'UPDATE room_members SET delivered_id = ? WHERE room_id = ? AND user_id = ? AND delivered_id < ?',
  );
  const read = db.prepare(`UPDATE room_members SET read_id = ?, delivered_id = MAX(delivered_id, ?)
    WHERE room_id = ? AND user_id = ? AND read_id < ?`);

  const moveWatermark = (w: WatermarkForWorker): WorkerOutcome => {
    const id = w.messageId;
    const { changes } =
      w.watermark === 'read'
        ? read.run(id, id, w.roomId, w.userId, id)
        : delivered.run(id, w.roomId, w.userId, id);
    return { ok: true, moved: changes > 0 };
  };

  const writeMessage = db.transaction((r: RowForWorker): WorkerOutcome => {
    if (r.clientMsgId !== null && r.authorId !== null) {
      const existing = findDuplicate.get(r.authorId, r.clientMsgId);
      if (existing) return { ok: true, id: existing.id, duplicate: existing };
    }
    const { lastInsertRowid } = insert.run(
      r.roomId,
      r.authorId,
      r.authorName,
      r.kind,
      r.body,
      r.clientMsgId,
      r.replyToId,
      r.createdAt,
      r.editedAt,
      r.deletedAt,
    );
    const id = Number(lastInsertRowid);
    if (r.authorId !== null) advanceAuthor.run(id, id, r.roomId, r.authorId, id);
    return { ok: true, id, duplicate: null };
  });

  // New messages reach the search index a few times a second, inside a batch's own transaction
  // (a savepoint: if it fails, the messages still commit and the next run or search catches up).
  // Prepared at the first run, not at start: a failure there must not stop message writes.
  let backlog: { index: BetterSqlite3.Statement; advance: BetterSqlite3.Statement } | undefined;
  const indexSearch = db.transaction(() => {
    backlog ??= { index: db.prepare(searchBacklog.index), advance: db.prepare(searchBacklog.advance) };
    backlog.index.run();
    backlog.advance.run();
  });
  let indexedAt = 0;

  return db.transaction((rows: OpForWorker[]): WorkerOutcome[] => {
    let searchWaits = false;
    const outcomes = rows.map((r): WorkerOutcome => {
      try {
        if ('searchCatchUp' in r) {
          searchWaits = true;
          return { ok: true, indexed: true }; // replaced below if indexing fails
        }
        return 'watermark' in r ? moveWatermark(r) : writeMessage(r);
      } catch (e) {
        return failure(e);
      }
    });
    if (searchWaits || Date.now() - indexedAt >= indexEveryMs) {
      indexedAt = Date.now();
      try {
        indexSearch();
      } catch (e) {
        // Messages still commit; a waiting search hears why, the next run catches up.
        rows.forEach((r, i) => {
          if ('searchCatchUp' in r) outcomes[i] = failure(e);
        });
      }
    }
    return outcomes;
  });
}

function failure(e: unknown): WorkerOutcome {
  const error = e as { message?: unknown; code?: unknown } | undefined;
  return { ok: false, message: String(error?.message), code: (error?.code as string) || null };
}

if (!isMainThread && parentPort) serveCommits(parentPort, workerData as CommitThreadData);
