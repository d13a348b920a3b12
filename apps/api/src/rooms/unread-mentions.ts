import type { DataSource } from 'typeorm';
import { parseMentions } from '../messages/mentions.js';
import { openMessageBody } from '../messages/message-body-cipher.js';

/** How far back each room is searched: a room thousands of messages behind still answers at once. */
export const MENTION_SCAN_LIMIT = 500;

/**
 * Unread messages that mention the user (`@username`, `@room`) in each of these rooms. Bodies may
 * be encrypted at rest, so they are read and parsed here rather than matched in SQL; only rooms
 * with something unread are asked, the newest MENTION_SCAN_LIMIT unread messages of each.
 */
export async function unreadMentions(
  dataSource: DataSource,
  userId: number,
  roomIds: number[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (roomIds.length === 0) return counts;
  const user = await dataSource
    .createQueryBuilder()
    .select('u.username', 'username')
    .from('users', 'u')
    .where('u.id = :userId', { userId })
    .getRawOne<{ username: string }>();
  if (!user) return counts;
  const username = user.username.toLowerCase();
  for (const roomId of roomIds) {
    const rows = await dataSource
      .createQueryBuilder()
      .select('um.body', 'body')
      .from('messages', 'um')
      .innerJoin('room_members', 'me', 'me.room_id = um.room_id AND me.user_id = :userId', { userId })
      .where('um.room_id = :roomId AND um.id > me.read_id AND um.deleted_at IS NULL', { roomId })
      .andWhere(`um.kind <> 'system' AND (um.author_id IS NULL OR um.author_id <> :userId)`, { userId })
      .orderBy('um.id', 'DESC')
      .limit(MENTION_SCAN_LIMIT)
      .getRawMany<{ body: string }>();
    let count = 0;
    for (const { body } of rows) {
      const found = parseMentions(openMessageBody(body));
      if (found.room || found.usernames.includes(username)) count++;
    }
    if (count > 0) counts.set(roomId, count);
  }
  return counts;
}
