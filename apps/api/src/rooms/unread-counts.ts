import { UNREAD_COUNT_LIMIT } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import { prepared, sqliteConnection } from '../database/sqlite-statements.js';
import { withSqliteRead } from '../database/sqlite-serialization.js';

/** Rooms counted per event-loop turn on SQLite: about 2–3 ms of work when every room is 100+ behind. */
const ROOMS_PER_TURN = 20;

/**
 * A member's unread messages in a room — not their own, not system lines, not deleted — counted up
 * to UNREAD_COUNT_LIMIT (shown as 99+), so the cost is bounded however long they were away.
 * `room`, `readId`, `userId`: SQL expressions or placeholders.
 */
export const unreadCountSql = (room: string, readId: string, userId: string): string =>
  `(SELECT COUNT(*) FROM (SELECT 1 FROM messages um WHERE um.room_id = ${room} AND um.id > ${readId}
     AND um.deleted_at IS NULL AND um.kind <> 'system' AND (um.author_id IS NULL OR um.author_id <> ${userId})
     LIMIT ${UNREAD_COUNT_LIMIT}) counted)`;

/** True where the room list counts unread messages itself, a few rooms per turn (SQLite). */
export function countsUnreadSeparately(dataSource: DataSource): boolean {
  return sqliteConnection(dataSource) !== null;
}

/**
 * SQLite answers synchronously: counting 200 rooms at once held the event loop ~25 ms, and every
 * chat delivery waited behind it. Counted a few rooms per turn instead, so chat keeps flowing.
 */
export async function countUnread(
  dataSource: DataSource,
  userId: number,
  rooms: Array<{ id: number; readId: number }>,
): Promise<Map<number, number>> {
  const db = sqliteConnection(dataSource);
  const counts = new Map<number, number>();
  if (!db) throw new Error('countUnread is for SQLite; PostgreSQL counts inside the room query');
  const sql = `SELECT ${unreadCountSql('?', '?', '?')} AS n`;
  for (let start = 0; start < rooms.length; start += ROOMS_PER_TURN) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    await withSqliteRead(dataSource, () => {
      for (const room of rooms.slice(start, start + ROOMS_PER_TURN)) {
        const row = prepared(db, sql).get(room.id, room.readId, userId) as { n: number };
        counts.set(room.id, row.n);
      }
    });
  }
  return counts;
}
