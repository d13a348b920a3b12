import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { RoomRow } from '../rooms/room.entity.js';

/** A room's daily digest; a table of its own since most rooms have none, gone with its room. */
@Entity({ name: 'room_digests' })
export class RoomDigestRow {
  @PrimaryColumn({ name: 'room_id', type: 'integer' })
  roomId: number;

  @ManyToOne(() => RoomRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_digests_room' })
  room?: RoomRow;

  @Column({ type: 'boolean' })
  enabled: boolean;

  /** HH:MM in `timeZone`. */
  @Column({ type: 'varchar', length: 5 })
  at: string;

  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  /** The last time a digest was made or skipped; the next is the first `at` after it. */
  @Column({ name: 'last_run_at', type: 'bigint', nullable: true, transformer: epochMillis })
  lastRunAt: Date | null;

  /** The newest message the last digest covered: the next one starts after it. */
  @Column({ name: 'last_message_id', type: 'integer', default: 0 })
  lastMessageId: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;
}
