import { type DataSource, In } from 'typeorm';
import { ReactionRow } from './reaction.entity.js';

/** Who reacted with what, per message: `{messageId → {emoji → userIds}}` (the wire's `reactions`). */
export async function reactionsFor(
  dataSource: Pick<DataSource, 'getRepository'>,
  ids: number[],
): Promise<Map<number, Record<string, number[]>>> {
  const result = new Map<number, Record<string, number[]>>();
  if (ids.length === 0) return result;
  const rows = await dataSource.getRepository(ReactionRow).findBy({ messageId: In(ids) });
  for (const row of rows) {
    const byEmoji = result.get(row.messageId) ?? {};
    (byEmoji[row.emoji] ??= []).push(row.userId);
    result.set(row.messageId, byEmoji);
  }
  return result;
}
