import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../../database/columns.js';
import { User } from '../../users/user.entity.js';

/** A login. Only the SHA-256 of the token is stored, so a copy of the database grants no access. */
@Entity({ name: 'sessions' })
export class SessionRow {
  /** Public id (shown in "my sessions", used to revoke one); not the token. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index('idx_sessions_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('idx_sessions_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sessions_user' })
  user?: User;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'bigint', transformer: epochMillis })
  lastSeenAt: Date;

  /** Absolute end of the session, whatever the activity. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt: Date;

  @Column({ name: 'idle_timeout_ms', type: 'integer' })
  idleTimeoutMs: number;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 255 })
  userAgent: string;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMillis })
  revokedAt: Date | null;

  @Column({ name: 'revoke_reason', type: 'varchar', length: 64, nullable: true })
  revokeReason: string | null;
}
