import type { DataSource } from 'typeorm';
import { SEARCH_HIGHLIGHT } from '@atrio/protocol';
import { SEALED_PREFIX } from '../encryption/sealed-value.js';
import { tsqueryPrefixPhrase } from './search-terms.js';
import {
  MessageSearchIndex,
  readableConditions,
  type IndexHit,
  type IndexQuery,
} from './message-search-index.js';

/** Must match the index expression of migration 1764400000800, or the GIN index is not used. */
const VECTOR = `to_tsvector('atrio_search', body)`;

/** PostgreSQL full-text search over the GIN index `idx_messages_search`. */
export class PostgresMessageSearch extends MessageSearchIndex {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async search(query: IndexQuery): Promise<IndexHit[]> {
    const params: Array<string | number> = [];
    const param = (value: string | number) => {
      params.push(value);
      return `$${params.length}`;
    };
    const tsquery = tsqueryOf(query, param);
    const conditions = readableConditions(query, param);
    if (query.before !== undefined) conditions.push(`m.id < ${param(query.before)}`);
    const { start, end } = SEARCH_HIGHLIGHT;
    const options = param(`StartSel=${start}, StopSel=${end}, MaxWords=24, MinWords=10, ShortWord=2`);
    // The text match alone and MATERIALIZED, so it can only go through the GIN index. Otherwise, with
    // ORDER BY id LIMIT, a room or `before`, the planner walks another index and runs to_tsvector on
    // every row it passes, which it underprices: 240 ms for a rare word in 10k messages, measured.
    // ts_headline re-reads the text, so it runs on the page only.
    // An encrypted body (see apps/api/src/encryption) is indexed as noise: it must never match.
    const rows = await this.dataSource.query<Array<{ id: number; snippet: string }>>(
      `WITH matching AS MATERIALIZED (
         SELECT id, room_id, kind, deleted_at FROM messages
          WHERE ${VECTOR} @@ ${tsquery} AND substr(body, 1, 7) <> '${SEALED_PREFIX}')
       SELECT message.id, ts_headline('atrio_search', message.body, ${tsquery}, ${options}) AS snippet
         FROM (SELECT m.id
                 FROM matching m
                 JOIN rooms r ON r.id = m.room_id
                 LEFT JOIN room_members me ON me.room_id = m.room_id AND me.user_id = ${param(query.userId)}
                WHERE ${conditions.join(' AND ')}
                ORDER BY m.id DESC
                LIMIT ${param(query.limit)}) page
         JOIN messages message ON message.id = page.id
        ORDER BY message.id DESC`,
      params,
    );
    return rows.map((row) => ({ id: Number(row.id), snippet: row.snippet }));
  }
}

/** Every term as a phrase (parsed like the text, so e-mail addresses and hyphens match alike). */
function tsqueryOf({ terms, prefix }: IndexQuery, param: (value: string) => string): string {
  const parts = terms.map((term, i) =>
    prefix && i === terms.length - 1
      ? `to_tsquery('atrio_search', ${param(tsqueryPrefixPhrase(term))})`
      : `phraseto_tsquery('atrio_search', ${param(term)})`,
  );
  return `(${parts.join(' && ')})`;
}
