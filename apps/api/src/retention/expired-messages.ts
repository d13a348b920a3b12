import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';

export const DAY_MS = 86_400_000;

/** The message rules in force at one instant. */
export interface MessageRule {
  now: Date;
  /** Messages of rooms without an override created before this go; null keeps them. */
  globalCutoff: Date | null;
}

export interface ExpiredMessage {
  id: number;
  roomId: number;
}

type Reader = DataSource | EntityManager;

/**
 * The one definition of "expired": a room's override wins over the global policy, an override of
 * null keeps the room's messages forever. Preview counts it and the run deletes it in batches, so
 * both see exactly the same messages. The cast keeps `days * 86400000` from overflowing a
 * PostgreSQL integer.
 */
function expired(reader: Reader, rule: MessageRule): SelectQueryBuilder<object> {
  const conditions = [
    '(rr.message_days IS NOT NULL AND m.created_at < :nowMs - CAST(rr.message_days AS bigint) * :dayMs)',
  ];
  if (rule.globalCutoff) conditions.push('(rr.room_id IS NULL AND m.created_at < :globalCutoffMs)');
  return reader
    .createQueryBuilder()
    .from('messages', 'm')
    .leftJoin('room_retention', 'rr', 'rr.room_id = m.room_id')
    .where(`(${conditions.join(' OR ')})`, {
      nowMs: rule.now.getTime(),
      dayMs: DAY_MS,
      globalCutoffMs: rule.globalCutoff?.getTime(),
    });
}

/** Expired messages per room (only rooms with at least one). */
export async function countExpired(reader: Reader, rule: MessageRule): Promise<Map<number, number>> {
  const rows = await expired(reader, rule)
    .select('m.room_id', 'roomId')
    .addSelect('COUNT(*)', 'count')
    .groupBy('m.room_id')
    .getRawMany<{ roomId: number | string; count: number | string }>();
  return new Map(rows.map((row) => [Number(row.roomId), Number(row.count)]));
}

/** The next `limit` expired messages after `afterId`, in id order (keyset: no rescans). */
export async function nextExpired(
  reader: Reader,
  rule: MessageRule,
  afterId: number,
  limit: number,
): Promise<ExpiredMessage[]> {
  const rows = await expired(reader, rule)
    .andWhere('m.id > :afterId', { afterId })
    .select('m.id', 'id')
    .addSelect('m.room_id', 'roomId')
    .orderBy('m.id', 'ASC')
    .limit(limit)
    .getRawMany<{ id: number | string; roomId: number | string }>();
  return rows.map((row) => ({ id: Number(row.id), roomId: Number(row.roomId) }));
}

export interface PurgedCounts {
  messages: number;
  reactions: number;
  reports: number;
}

/**
 * Deletes the messages with what hangs off them. Explicit rather than by cascade, so the counts are
 * known; the search index follows on its own (SQLite: the FTS delete trigger, PostgreSQL: the GIN
 * index is on the row). Replies are kept: each message is judged by its own age.
 */
export async function purgeMessages(manager: EntityManager, ids: number[]): Promise<PurgedCounts> {
  if (ids.length === 0) return { messages: 0, reactions: 0, reports: 0 };
  const remove = async (table: string, column: string) =>
    (
      await manager
        .createQueryBuilder()
        .delete()
        .from(table)
        .where(`${column} IN (:...ids)`, { ids })
        .execute()
    ).affected ?? 0;
  const reactions = await remove('message_reactions', 'message_id');
  const reports = await remove('message_reports', 'message_id');
  const messages = await remove('messages', 'id');
  return { messages, reactions, reports };
}
