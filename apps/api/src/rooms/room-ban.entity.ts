import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { User } from '../users/user.entity.js';
import { RoomRow } from './room.entity.js';

@Entity({ name: 'room_bans' })
export class RoomBanRow {
  @PrimaryColumn({ name: 'room_id', type: 'integer' })
  roomId: number;

  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => RoomRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_bans_room' })
  room?: RoomRow;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_room_bans_user' })
  user?: User;

  /** Null: until lifted. */
  @Column({ type: 'bigint', nullable: true, transformer: epochMillis })
  until: Date | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  reason: string;

  @Column({ name: 'banned_by', type: 'integer', nullable: true })
  bannedBy: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
