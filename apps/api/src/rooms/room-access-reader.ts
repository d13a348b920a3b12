import type { RoomMemberRole, RoomVisibility } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import { prepared, sqliteConnection } from '../database/sqlite-statements.js';
import { withSqliteRead } from '../database/sqlite-serialization.js';
import { RoomMemberRow } from './room-member.entity.js';
import { RoomRow } from './room.entity.js';

interface RawRoom {
  id: number;
  name: string;
  description: string;
  topic: string;
  visibility: RoomVisibility;
  direct_key: string | null;
  created_by: number | null;
  created_at: number;
  archived_at: number | null;
}

interface RawMember {
  room_id: number;
  user_id: number;
  role: RoomMemberRole;
  joined_at: number;
  delivered_id: number;
  read_id: number;
  muted_until: number | null;
}

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/**
 * Reads a room and a membership for the access checks, which run on every message: on SQLite with
 * statements prepared once (see sqlite-statements.ts), elsewhere through TypeORM.
 */
export async function readRoom(dataSource: DataSource, roomId: number): Promise<RoomRow | null> {
  const db = sqliteConnection(dataSource);
  if (!db) return dataSource.getRepository(RoomRow).findOneBy({ id: roomId });
  const raw = await withSqliteRead(
    dataSource,
    () => prepared(db, 'SELECT * FROM rooms WHERE id = ?').get(roomId) as RawRoom | undefined,
  );
  if (!raw) return null;
  return Object.assign(new RoomRow(), {
    id: raw.id,
    name: raw.name,
    description: raw.description,
    topic: raw.topic,
    visibility: raw.visibility,
    directKey: raw.direct_key,
    createdBy: raw.created_by,
    createdAt: new Date(raw.created_at),
    archivedAt: dateOrNull(raw.archived_at),
  });
}

export async function readMember(
  dataSource: DataSource,
  roomId: number,
  userId: number,
): Promise<RoomMemberRow | null> {
  const db = sqliteConnection(dataSource);
  if (!db) return dataSource.getRepository(RoomMemberRow).findOneBy({ roomId, userId });
  const raw = await withSqliteRead(
    dataSource,
    () =>
      prepared(db, 'SELECT * FROM room_members WHERE room_id = ? AND user_id = ?').get(roomId, userId) as
        RawMember | undefined,
  );
  if (!raw) return null;
  return Object.assign(new RoomMemberRow(), {
    roomId: raw.room_id,
    userId: raw.user_id,
    role: raw.role,
    joinedAt: new Date(raw.joined_at),
    deliveredId: raw.delivered_id,
    readId: raw.read_id,
    mutedUntil: dateOrNull(raw.muted_until),
  });
}
