import type { DataSource } from 'typeorm';
import { prepared, sqliteConnection } from '../../database/sqlite-statements.js';
import { withSqliteRead } from '../../database/sqlite-serialization.js';
import { User } from '../../users/user.entity.js';
import { SessionRow } from './session.entity.js';

interface RawSession {
  id: string;
  token_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  idle_timeout_ms: number;
  ip: string;
  user_agent: string;
  revoked_at: number | null;
  revoke_reason: string | null;
}

/** What acting as a user needs to know of them (the email and password hash are not read). */
export type ActorUser = Pick<User, 'id' | 'username' | 'displayName' | 'status' | 'mustChangePassword'>;

/**
 * The session and user behind every REST request and socket handshake: on SQLite with statements
 * prepared once and rows mapped by hand (as room-access-reader.ts does for rooms), because
 * TypeORM's query building cost more than the rest of a history page; elsewhere through TypeORM.
 */
export async function readSessionByTokenHash(
  dataSource: DataSource,
  tokenHash: string,
): Promise<SessionRow | null> {
  const db = sqliteConnection(dataSource);
  if (!db) return dataSource.getRepository(SessionRow).findOneBy({ tokenHash });
  const raw = await withSqliteRead(
    dataSource,
    () =>
      prepared(db, 'SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as RawSession | undefined,
  );
  if (!raw) return null;
  return Object.assign(new SessionRow(), {
    id: raw.id,
    tokenHash: raw.token_hash,
    userId: raw.user_id,
    createdAt: new Date(Number(raw.created_at)),
    lastSeenAt: new Date(Number(raw.last_seen_at)),
    expiresAt: new Date(Number(raw.expires_at)),
    idleTimeoutMs: Number(raw.idle_timeout_ms),
    ip: raw.ip,
    userAgent: raw.user_agent,
    revokedAt: raw.revoked_at === null ? null : new Date(Number(raw.revoked_at)),
    revokeReason: raw.revoke_reason,
  });
}

export async function readActorUser(dataSource: DataSource, userId: number): Promise<ActorUser | null> {
  const db = sqliteConnection(dataSource);
  if (!db) {
    return dataSource.getRepository(User).findOne({
      select: { id: true, username: true, displayName: true, status: true, mustChangePassword: true },
      where: { id: userId },
    });
  }
  const raw = await withSqliteRead(
    dataSource,
    () =>
      prepared(
        db,
        'SELECT id, username, display_name, status, must_change_password FROM users WHERE id = ?',
      ).get(userId) as
        | {
            id: number;
            username: string;
            display_name: string;
            status: User['status'];
            must_change_password: number;
          }
        | undefined,
  );
  if (!raw) return null;
  return {
    id: raw.id,
    username: raw.username,
    displayName: raw.display_name,
    status: raw.status,
    mustChangePassword: Boolean(raw.must_change_password),
  };
}
