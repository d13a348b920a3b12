import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CheckStatus, RoutineKind, RoutineRunStatus, RoutineTrigger } from '@atrio/protocol';
import { epochMillis } from '../database/columns.js';

/**
 * One run of a maintenance routine. Who started it is kept by id and name (like the audit trail),
 * so the history stays readable whatever happens to the account later.
 */
@Entity({ name: 'routine_runs' })
@Index('idx_routine_runs_kind', ['kind', 'id'])
@Index('idx_routine_runs_status', ['status', 'id'])
export class RoutineRunRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: RoutineKind;

  @Column({ type: 'varchar', length: 16 })
  trigger: RoutineTrigger;

  @Column({ name: 'started_by', type: 'integer', nullable: true })
  startedBy: number | null;

  @Column({ name: 'started_by_name', type: 'varchar', length: 64, nullable: true })
  startedByName: string | null;

  @Column({ name: 'started_at', type: 'bigint', transformer: epochMillis })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: epochMillis })
  finishedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: RoutineRunStatus;

  @Column({ name: 'checks_status', type: 'varchar', length: 16, nullable: true })
  checksStatus: CheckStatus | null;

  @Column({ name: 'acknowledged_by', type: 'integer', nullable: true })
  acknowledgedBy: number | null;

  @Column({ name: 'acknowledged_by_name', type: 'varchar', length: 64, nullable: true })
  acknowledgedByName: string | null;

  @Column({ name: 'acknowledged_at', type: 'bigint', nullable: true, transformer: epochMillis })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledge_comment', type: 'varchar', length: 1000, nullable: true })
  acknowledgeComment: string | null;
}
