import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { RoomRow } from '../rooms/room.entity.js';

/**
 * A summary job as its reader sees it, kept so that a result survives a restart and any instance
 * answers `GET /api/summaries/:id`; the live queue itself stays in the process that runs it.
 */
@Entity({ name: 'summary_jobs' })
@Index('idx_summary_jobs_room', ['roomId', 'createdAt'])
export class SummaryJobRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'room_id', type: 'integer' })
  roomId: number;

  @ManyToOne(() => RoomRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_summary_jobs_room' })
  room?: RoomRow;

  /** The requester; null for a room's digest, which every reader of the room may read. */
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  /** on-demand, catch-up or digest. */
  @Column({ type: 'varchar', length: 16 })
  trigger: string;

  /** queued, running, done or failed. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** The last message the job covers (or would): an automatic job is skipped when nothing is newer. */
  @Column({ name: 'last_message_id', type: 'integer', nullable: true })
  lastMessageId: number | null;

  /** JSON of the SummaryJob answer. */
  @Column({ type: 'text' })
  view: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
