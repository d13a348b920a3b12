import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { RoutineItemStatus } from '@atrio/protocol';
import { epochMillis } from '../database/columns.js';
import { RoutineRunRow } from './routine-run.entity.js';

/** The result of one item of a run: a check's outcome, or a manual item and its tick. */
@Entity({ name: 'routine_run_items' })
@Index('idx_routine_run_items_item', ['runId', 'itemId'], { unique: true })
export class RoutineItemRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'run_id', type: 'integer' })
  runId: number;

  @ManyToOne(() => RoutineRunRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'fk_routine_run_items_run' })
  run?: RoutineRunRow;

  /** Order within the routine's definition. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'item_id', type: 'varchar', length: 64 })
  itemId: string;

  @Column({ type: 'varchar', length: 8 })
  type: 'check' | 'manual';

  @Column({ type: 'varchar', length: 16 })
  status: RoutineItemStatus;

  /** English; the API's `message`, also what the CLI and the alerts show. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  /** A check's sentence in Spanish; null for manual items and rows stored before checks spoke it. */
  @Column({ name: 'message_es', type: 'text', nullable: true })
  messageEs: string | null;

  /** JSON object of the check's figures. */
  @Column({ type: 'text', default: '{}' })
  figures: string;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ name: 'ticked_by', type: 'integer', nullable: true })
  tickedBy: number | null;

  @Column({ name: 'ticked_by_name', type: 'varchar', length: 64, nullable: true })
  tickedByName: string | null;

  @Column({ name: 'ticked_at', type: 'bigint', nullable: true, transformer: epochMillis })
  tickedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment: string | null;
}
