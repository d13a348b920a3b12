import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RoomMemberRole } from '@atrio/protocol';
import { epochMillis } from '../database/columns.js';
import { User } from '../users/user.entity.js';
import { RoomRow } from './room.entity.js';

/** Membership, with the member's delivery and read watermarks (message ids only grow). */
@Entity({ name: 'room_members' })
export class RoomMemberRow {
  @PrimaryColumn({ name: 'room_id', type: 'integer' })
  roomId: number;

  @Index('idx_room_members_user')
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => RoomRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_members_room' })
  room?: RoomRow;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_room_members_user' })
  user?: User;

  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: RoomMemberRole;

  @Column({ name: 'joined_at', type: 'bigint', transformer: epochMillis })
  joinedAt: Date;

  @Column({ name: 'delivered_id', type: 'integer', default: 0 })
  deliveredId: number;

  @Column({ name: 'read_id', type: 'integer', default: 0 })
  readId: number;

  @Column({ name: 'muted_until', type: 'bigint', nullable: true, transformer: epochMillis })
  mutedUntil: Date | null;
}
