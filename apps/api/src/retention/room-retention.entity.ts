import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { RoomRow } from '../rooms/room.entity.js';

/**
 * A room's own message retention, overriding the global policy. A table of its own rather than a
 * rooms column: most rooms have none, it goes with its room (cascade), and it records who set it.
 */
@Entity({ name: 'room_retention' })
export class RoomRetentionRow {
  @PrimaryColumn({ name: 'room_id', type: 'integer' })
  roomId: number;

  @ManyToOne(() => RoomRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_retention_room' })
  room?: RoomRow;

  /** Null: keep this room's messages forever. */
  @Column({ name: 'message_days', type: 'integer', nullable: true })
  messageDays: number | null;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;
}
