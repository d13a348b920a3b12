import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UserSettings } from '@atrio/protocol';
import { epochMillis } from '../database/columns.js';
import { sealedColumn } from '../encryption/sealed-fields.js';

/** Stored status; "locked" is derived from lockedUntil, never stored. */
export type StoredUserStatus = 'active' | 'disabled';

export const DEFAULT_NOTIFICATIONS: UserSettings['notifications'] = {
  mentions: true,
  directMessages: true,
  allMessages: false,
  sound: true,
};

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName: string;

  /** Encrypted at rest; never looked up, so it needs no blind index. */
  @Column({ type: 'varchar', length: 512, nullable: true, transformer: sealedColumn('users.email') })
  email: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: StoredUserStatus;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ name: 'failed_logins', type: 'integer', default: 0 })
  failedLogins: number;

  /** How many times the account was locked since its last good login; each lock lasts longer. */
  @Column({ name: 'lock_count', type: 'integer', default: 0 })
  lockCount: number;

  @Column({ name: 'locked_until', type: 'bigint', nullable: true, transformer: epochMillis })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 8, default: 'es' })
  language: 'es' | 'en';

  /** JSON of UserSettings['notifications']. */
  @Column({ type: 'text', default: '{}' })
  notifications: string;

  /** More unread messages than this in a room queue a catch-up summary when the user comes back; null: off. */
  @Column({ name: 'ai_catch_up_after', type: 'integer', nullable: true })
  aiCatchUpAfter: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'last_login_at', type: 'bigint', nullable: true, transformer: epochMillis })
  lastLoginAt: Date | null;

  @Column({ name: 'password_changed_at', type: 'bigint', nullable: true, transformer: epochMillis })
  passwordChangedAt: Date | null;
}
