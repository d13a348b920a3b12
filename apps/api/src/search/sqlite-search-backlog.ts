import type { DataSource } from 'typeorm';
import { prepared, sqliteConnection } from '../database/sqlite-statements.js';
import { withExclusiveConnection } from '../database/sqlite-serialization.js';

/**
 * SQLite's search index is brought up to date in batches instead of by a trigger on every insert:
 * FTS5 writes a new index segment per transaction, and a segment per group commit was most of
 * the pages each message cost to store (and to checkpoint). `search_index_state.indexed_through`
 * is the highest message id below which every message is indexed; the update and delete triggers
 * only touch rows at or below it, and newer rows are indexed with their current text
 * (migrations 1764400001200, 1764400002000: the room is indexed too, as a token). The message commit thread runs this inside its batch transaction a
 * few times a second, and again for each search, first (MessageWriter.catchUpSearchIndex), so what
 * was acknowledged is always found — off the event loop, which must never wait for an fsync.
 */
export const SEARCH_BACKLOG_SQL = {
  index: `INSERT INTO messages_fts(rowid, body, room)
    SELECT id, body, room FROM messages_search_text
    WHERE id > (SELECT indexed_through FROM search_index_state) ORDER BY id`,
  // Only when it moves: a transaction that changed nothing commits without writing (no fsync).
  advance: `UPDATE search_index_state SET indexed_through = (SELECT COALESCE(MAX(id), 0) FROM messages)
    WHERE indexed_through < (SELECT COALESCE(MAX(id), 0) FROM messages)`,
  /** 1 when some message is not indexed yet (a read: a search skips the catch-up when it is 0). */
  pending: `SELECT (SELECT COALESCE(MAX(id), 0) FROM messages) > indexed_through AS pending
    FROM search_index_state`,
} as const;

/** Restoring a backup: no trigger may touch the index while rows are replaced, then all is rebuilt. */
export const SEARCH_RESTORE_SQL = {
  table: 'search_index_state',
  suspendTriggers: 'UPDATE main.search_index_state SET indexed_through = -1',
  rebuilt: `UPDATE main.search_index_state SET indexed_through = (SELECT COALESCE(MAX(id), 0) FROM main.messages)`,
} as const;

/**
 * Indexes every message not yet in the search index on the shared connection (SQLite; nothing to
 * do on PostgreSQL): for tests and tools. The server does it in the commit thread instead.
 */
export async function catchUpSearchIndex(dataSource: DataSource): Promise<void> {
  const db = sqliteConnection(dataSource);
  if (!db) return;
  await withExclusiveConnection(dataSource, async () => {
    db.transaction(() => {
      prepared(db, SEARCH_BACKLOG_SQL.index).run();
      prepared(db, SEARCH_BACKLOG_SQL.advance).run();
    })();
  });
}
