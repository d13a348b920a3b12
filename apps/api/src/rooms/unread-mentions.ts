import { UNREAD_COUNT_LIMIT } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import { prepared, sqliteConnection } from '../database/sqlite-statements.js';
import { withSqliteRead } from '../database/sqlite-serialization.js';
import { SEALED_PREFIX } from '../encryption/sealed-value.js';
import { parseMentions } from '../messages/mentions.js';
import { openMessageBody } from '../messages/message-body-cipher.js';

/** How far back each room is searched: the newest unread messages the unread count covers. */
export const MENTION_SCAN_LIMIT = UNREAD_COUNT_LIMIT;

/**
 * The room's newest unread messages (not the user's own, not system ones), then only the bodies
 * that can hold a mention: a clear body without `@` cannot, an encrypted one is opened and parsed.
 */
const candidatesSql = ([room, read, user]: [string, string, string]) => `SELECT body FROM (
    SELECT um.body AS body FROM messages um
     WHERE um.room_id = ${room} AND um.id > ${read} AND um.deleted_at IS NULL AND um.kind <> 'system'
       AND (um.author_id IS NULL OR um.author_id <> ${user})
     ORDER BY um.id DESC LIMIT ${MENTION_SCAN_LIMIT}
  ) newest
  WHERE body LIKE '%@%' OR body LIKE '${SEALED_PREFIX}%'`;
const SQLITE_CANDIDATES = candidatesSql(['?', '?', '?']);
const POSTGRES_CANDIDATES = candidatesSql(['$1', '$2', '$3']);

/**
 * Unread messages that mention the user (`@username`, `@room`) in each of these rooms. Bodies may
 * be encrypted at rest, so they are read and parsed here rather than matched in SQL; only rooms
 * with something unread are asked (with the read marks the room query already read), the newest
 * MENTION_SCAN_LIMIT unread messages of each.
 */
export async function unreadMentions(
  dataSource: DataSource,
  userId: number,
  rooms: Array<{ id: number; readId: number }>,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (rooms.length === 0) return counts;
  const user = await dataSource
    .createQueryBuilder()
    .select('u.username', 'username')
    .from('users', 'u')
    .where('u.id = :userId', { userId })
    .getRawOne<{ username: string }>();
  if (!user) return counts;
  const username = user.username.toLowerCase();
  for (const { id: roomId, readId } of rooms) {
    let count = 0;
    for (const body of await candidates(dataSource, roomId, readId, userId)) {
      const found = parseMentions(openMessageBody(body));
      if (found.room || found.usernames.includes(username)) count++;
    }
    if (count > 0) counts.set(roomId, count);
  }
  return counts;
}

/** On SQLite one statement prepared once; TypeORM would prepare it again for each room. */
async function candidates(
  dataSource: DataSource,
  roomId: number,
  readId: number,
  userId: number,
): Promise<string[]> {
  const db = sqliteConnection(dataSource);
  const rows = db
    ? await withSqliteRead(
        dataSource,
        () => prepared(db, SQLITE_CANDIDATES).all(roomId, readId, userId) as Array<{ body: string }>,
      )
    : await dataSource.query<Array<{ body: string }>>(POSTGRES_CANDIDATES, [roomId, readId, userId]);
  return rows.map((row) => row.body);
}
