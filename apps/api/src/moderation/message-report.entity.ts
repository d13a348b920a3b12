import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ReportStatus } from '@atrio/protocol';
import { epochMillis } from '../database/columns.js';
import { MessageRow } from '../messages/message.entity.js';
import { User } from '../users/user.entity.js';

/** A member's report of a message; one per member and message. */
@Entity({ name: 'message_reports' })
@Index('idx_message_reports_reporter', ['messageId', 'reporterId'], { unique: true })
@Index('idx_message_reports_status', ['status', 'id'])
export class MessageReportRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'message_id', type: 'integer' })
  messageId: number;

  @ManyToOne(() => MessageRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_reports_message' })
  message?: MessageRow;

  /** The message's room, kept here so the queue filters by room without a join. */
  @Index('idx_message_reports_room')
  @Column({ name: 'room_id', type: 'integer' })
  roomId: number;

  @Column({ name: 'reporter_id', type: 'integer' })
  reporterId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'fk_message_reports_reporter' })
  reporter?: User;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ReportStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  resolution: string | null;

  @Column({ name: 'resolved_by', type: 'integer', nullable: true })
  resolvedBy: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'bigint', nullable: true, transformer: epochMillis })
  resolvedAt: Date | null;
}
