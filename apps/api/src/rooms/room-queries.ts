import { type Room, type RoomDirectory, type RoomDirectoryQuery, type RoomMember } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { countUnread, countsUnreadSeparately, unreadCountSql } from './unread-counts.js';
import { unreadMentions } from './unread-mentions.js';

interface RoomRowRaw {
  id: number;
  name: string;
  description: string;
  topic: string;
  visibility: Room['visibility'];
  archived_at: number | string | null;
  member_count: number | string;
  my_role: Room['myRole'];
  unread: number | string | null;
  read_id: number | string | null;
  last_message_id: number | string | null;
}

/**
 * The read models of rooms: one query for the whole list, then the unread counts (unread-counts.ts:
 * they stop at UNREAD_COUNT_LIMIT; on SQLite counted a few rooms per turn) and mentions.
 */
export class RoomQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Public rooms that are open, plus every room the user belongs to. */
  async visibleTo(userId: number): Promise<Room[]> {
    const rows = await this.select(
      userId,
      `(r.visibility = 'public' AND r.archived_at IS NULL) OR me.user_id IS NOT NULL`,
      [],
    );
    return this.toRooms(userId, rows);
  }

  async joinedBy(userId: number): Promise<Room[]> {
    return this.toRooms(userId, await this.select(userId, 'me.user_id IS NOT NULL', []));
  }

  /** Public, open rooms by name, a page at a time, with the total for the pager. */
  async directory(userId: number, query: RoomDirectoryQuery): Promise<RoomDirectory> {
    const pattern = `%${(query.q ?? '').toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const where = `r.visibility = 'public' AND r.archived_at IS NULL AND LOWER(r.name) LIKE :pattern ESCAPE '\\'`;
    const [rows, total] = await Promise.all([
      this.select(userId, where, [], { pattern }, { offset: query.offset, limit: query.limit }),
      this.dataSource
        .createQueryBuilder()
        .select('COUNT(*)', 'total')
        .from('rooms', 'r')
        .where(where, { pattern })
        .getRawOne<{ total: number | string }>(),
    ]);
    return { rooms: await this.toRooms(userId, rows), total: Number(total?.total ?? 0) };
  }

  async one(userId: number, roomId: number): Promise<Room> {
    const [row] = await this.select(userId, 'r.id = :roomId', [roomId]);
    if (!row) throw new AppError('NOT_FOUND', 'There is no such room.');
    const [room] = await this.toRooms(userId, [row]);
    return room!;
  }

  /** Rows as rooms, with the unread mentions counted where something is unread. */
  private async toRooms(userId: number, rows: RoomRowRaw[]): Promise<Room[]> {
    let rooms = rows.map(toRoom);
    const marks = (of: Room[]) => of.map(({ id, readId }) => ({ id, readId }));
    if (countsUnreadSeparately(this.dataSource)) {
      const unread = await countUnread(this.dataSource, userId, marks(rooms.filter((room) => room.joined)));
      rooms = rooms.map((room) => ({ ...room, unread: unread.get(room.id) ?? 0 }));
    }
    const mentions = await unreadMentions(
      this.dataSource,
      userId,
      marks(rooms.filter((room) => room.unread > 0)),
    );
    return rooms.map((room) => ({ ...room, mentions: mentions.get(room.id) ?? 0 }));
  }

  async lastMessageId(roomId: number): Promise<number> {
    const row = await this.dataSource
      .createQueryBuilder()
      .select('MAX(m.id)', 'last')
      .from('messages', 'm')
      .where('m.room_id = :roomId', { roomId })
      .getRawOne<{ last: number | string | null }>();
    return Number(row?.last ?? 0);
  }

  async members(roomId: number): Promise<Omit<RoomMember, 'presence'>[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['m.user_id AS "userId"', 'u.username AS "username"', 'u.display_name AS "displayName"'])
      .addSelect(['m.role AS "role"', 'm.joined_at AS "joinedAt"', 'm.muted_until AS "mutedUntil"'])
      .addSelect(['m.delivered_id AS "deliveredId"', 'm.read_id AS "readId"'])
      .from('room_members', 'm')
      .innerJoin('users', 'u', 'u.id = m.user_id')
      .where('m.room_id = :roomId', { roomId })
      .orderBy('u.username')
      .getRawMany<{
        userId: number;
        username: string;
        displayName: string;
        role: RoomMember['role'];
        joinedAt: string;
        mutedUntil: string | null;
        deliveredId: number | string | null;
        readId: number | string | null;
      }>();
    return rows.map((row) => ({
      userId: Number(row.userId),
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      joinedAt: new Date(Number(row.joinedAt)).toISOString(),
      mutedUntil: row.mutedUntil === null ? null : new Date(Number(row.mutedUntil)).toISOString(),
      deliveredId: Number(row.deliveredId ?? 0),
      readId: Number(row.readId ?? 0),
    }));
  }

  private select(
    userId: number,
    where: string,
    roomIds: number[],
    parameters: Record<string, unknown> = {},
    page?: { offset: number; limit: number },
  ): Promise<RoomRowRaw[]> {
    const query = this.dataSource
      .createQueryBuilder()
      .select(['r.id AS id', 'r.name AS name', 'r.description AS description', 'r.topic AS topic'])
      .addSelect(['r.visibility AS visibility', 'r.archived_at AS archived_at', 'me.role AS my_role'])
      .addSelect('(SELECT COUNT(*) FROM room_members c WHERE c.room_id = r.id)', 'member_count')
      .addSelect('(SELECT MAX(lm.id) FROM messages lm WHERE lm.room_id = r.id)', 'last_message_id')
      .addSelect('me.read_id', 'read_id')
      .addSelect(
        countsUnreadSeparately(this.dataSource)
          ? 'NULL'
          : `CASE WHEN me.user_id IS NULL THEN 0 ELSE ${unreadCountSql('r.id', 'me.read_id', ':userId')} END`,
        'unread',
      )
      .from('rooms', 'r')
      .leftJoin('room_members', 'me', 'me.room_id = r.id AND me.user_id = :userId', { userId })
      .where(where, { roomId: roomIds[0], ...parameters })
      .orderBy('r.name')
      .addOrderBy('r.id');
    if (page) query.offset(page.offset).limit(page.limit);
    return query.getRawMany<RoomRowRaw>();
  }
}

function toRoom(row: RoomRowRaw): Room {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    topic: row.topic,
    visibility: row.visibility,
    memberCount: Number(row.member_count),
    joined: row.my_role !== null,
    archived: row.archived_at !== null,
    unread: Number(row.unread ?? 0),
    readId: Number(row.read_id ?? 0),
    mentions: 0,
    lastMessageId: row.last_message_id === null ? null : Number(row.last_message_id),
    myRole: row.my_role,
  };
}
