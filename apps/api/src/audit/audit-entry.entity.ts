import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';

/**
 * One link of the append-only, hash-chained audit trail. The id is assigned under the chain lock
 * (head + 1) because it is part of the hashed fields. No foreign key to users: removing a user
 * must neither delete nor rewrite (SET NULL) an entry, which would break the chain.
 */
@Entity({ name: 'audit_entries' })
@Index('IDX_audit_entries_at', ['at'])
@Index('IDX_audit_entries_action', ['action'])
@Index('IDX_audit_entries_actor_id', ['actorId'])
export class AuditEntryRow {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'bigint', transformer: epochMillis })
  at: Date;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 128, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  target: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** JSON text, hashed as stored. */
  @Column({ type: 'text' })
  details: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
