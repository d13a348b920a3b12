import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../../database/columns.js';

/**
 * Lock-out state of a username that has no account, stored like a real account's so that neither
 * the answers, nor their timing, nor a restart tell the two apart. Rows are purged once their lock
 * has long run out.
 */
@Entity({ name: 'unknown_logins' })
export class UnknownLoginRow {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'failed_logins', type: 'integer', default: 0 })
  failedLogins: number;

  @Column({ name: 'lock_count', type: 'integer', default: 0 })
  lockCount: number;

  @Column({ name: 'locked_until', type: 'bigint', nullable: true, transformer: epochMillis })
  lockedUntil: Date | null;

  @Index('idx_unknown_logins_updated')
  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;
}
