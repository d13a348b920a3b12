import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RetentionRun } from '@atrio/protocol';
import { epochMillis } from '../database/columns.js';

/** One retention run, scheduled or on demand, with what it deleted. */
@Entity({ name: 'retention_runs' })
export class RetentionRunRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  trigger: RetentionRun['trigger'];

  /**
   * The scheduled time a scheduled run is for. Unique: when several instances share the database,
   * only the one whose insert wins runs that day's retention.
   */
  @Index('idx_retention_runs_slot', { unique: true })
  @Column({ type: 'bigint', nullable: true, transformer: epochMillis })
  slot: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: RetentionRun['status'];

  @Column({ name: 'started_at', type: 'bigint', transformer: epochMillis })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: epochMillis })
  finishedAt: Date | null;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'integer', default: 0 })
  messages: number;

  @Column({ name: 'rooms_affected', type: 'integer', default: 0 })
  roomsAffected: number;

  @Column({ type: 'integer', default: 0 })
  reactions: number;

  @Column({ type: 'integer', default: 0 })
  reports: number;

  @Column({ name: 'audit_entries', type: 'integer', default: 0 })
  auditEntries: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}
