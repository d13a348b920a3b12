import { type DataSource, In } from 'typeorm';
import { prepared, sqliteConnection } from '../database/sqlite-statements.js';
import { withSqliteRead } from '../database/sqlite-serialization.js';
import { ReactionRow } from './reaction.entity.js';

type Reactions = Map<number, Record<string, number[]>>;

/**
 * Who reacted with what, per message: `{messageId → {emoji → userIds}}` (the wire's `reactions`).
 * On SQLite one statement prepared once takes the ids as a JSON array: TypeORM would expand
 * `IN (…)` into one parameter per id and prepare the query again for every page.
 */
export async function reactionsFor(dataSource: DataSource, ids: number[]): Promise<Reactions> {
  if (ids.length === 0) return new Map();
  const db = sqliteConnection(dataSource);
  if (!db) return group(await dataSource.getRepository(ReactionRow).findBy({ messageId: In(ids) }));
  const rows = await withSqliteRead(
    dataSource,
    () =>
      prepared(
        db,
        `SELECT message_id AS messageId, user_id AS userId, emoji FROM message_reactions
         WHERE message_id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(ids)) as Array<Pick<ReactionRow, 'messageId' | 'userId' | 'emoji'>>,
  );
  return group(rows);
}

function group(rows: Array<Pick<ReactionRow, 'messageId' | 'userId' | 'emoji'>>): Reactions {
  const result: Reactions = new Map();
  for (const row of rows) {
    const byEmoji = result.get(row.messageId) ?? {};
    (byEmoji[row.emoji] ??= []).push(row.userId);
    result.set(row.messageId, byEmoji);
  }
  return result;
}
