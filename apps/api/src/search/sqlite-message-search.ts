import type { DataSource } from 'typeorm';
import { SEARCH_HIGHLIGHT } from '@atrio/protocol';
import { liveSqlite, prepared } from '../database/sqlite-statements.js';
import { withSqliteRead } from '../database/sqlite-serialization.js';
import { fts5Expression } from './search-terms.js';
import { SEARCH_BACKLOG_SQL } from './sqlite-search-backlog.js';
import {
  MessageSearchIndex,
  readableConditions,
  type IndexHit,
  type IndexQuery,
} from './message-search-index.js';

const SNIPPET_TOKENS = 16;

/** FTS5 over the `messages_fts` external-content table (migrations 1764400000800, 1764400001200, 1764400002000). */
export class SqliteMessageSearch extends MessageSearchIndex {
  /** `catchUp`: brings the index up to date (MessageWriter.catchUpSearchIndex, in the commit thread). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly catchUp: () => Promise<void>,
  ) {
    super();
  }

  async search(query: IndexQuery): Promise<IndexHit[]> {
    if (await this.indexBehind()) await this.catchUp(); // what was acknowledged is found at once
    const { start, end, ellipsis } = SEARCH_HIGHLIGHT;
    // Positional `?` placeholders: values are pushed in the order they appear in the SQL.
    const params: Array<string | number> = [start, end, ellipsis, SNIPPET_TOKENS, query.userId];
    const param = (value: string | number) => {
      params.push(value);
      return '?';
    };
    // The user's words only ever match the body; the room, when given, is matched by its token
    // inside FTS5 (migration 1764400002000) — the SQL condition on m.room_id below stays as well.
    const words = `body : (${fts5Expression(query)})`;
    const match = query.roomId === undefined ? words : `${words} AND room : "r${query.roomId}"`;
    const conditions = [`messages_fts MATCH ${param(match)}`];
    conditions.push(...readableConditions(query, param));
    // On the rowid rather than m.id, so FTS5 itself skips newer rows and walks in id order.
    if (query.before !== undefined) conditions.push(`messages_fts.rowid < ${param(query.before)}`);
    const rows = await this.dataSource.query<Array<{ id: number; snippet: string }>>(
      `SELECT messages_fts.rowid AS id, snippet(messages_fts, 0, ?, ?, ?, ?) AS snippet
         FROM messages_fts
         JOIN messages m ON m.id = messages_fts.rowid
         JOIN rooms r ON r.id = m.room_id
         LEFT JOIN room_members me ON me.room_id = m.room_id AND me.user_id = ?
        WHERE ${conditions.join(' AND ')}
        ORDER BY messages_fts.rowid DESC
        LIMIT ${param(query.limit)}`,
      params,
    );
    return rows.map((row) => ({ id: Number(row.id), snippet: row.snippet }));
  }

  private async indexBehind(): Promise<boolean> {
    const db = liveSqlite(this.dataSource);
    const row = await withSqliteRead(
      this.dataSource,
      () => prepared(db, SEARCH_BACKLOG_SQL.pending).get() as { pending: number } | undefined,
    );
    return row?.pending !== 0;
  }
}
