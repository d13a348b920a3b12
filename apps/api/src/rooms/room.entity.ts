import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RoomVisibility } from '@atrio/protocol';
import { epochMillis } from '../database/columns.js';

@Entity({ name: 'rooms' })
export class RoomRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 250, default: '' })
  topic: string;

  @Column({ type: 'varchar', length: 16 })
  visibility: RoomVisibility;

  /** For direct rooms: the sorted member ids, so the same people always get the same room. */
  @Index('idx_rooms_direct_key', { unique: true })
  @Column({ name: 'direct_key', type: 'varchar', length: 200, nullable: true })
  directKey: string | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'archived_at', type: 'bigint', nullable: true, transformer: epochMillis })
  archivedAt: Date | null;
}
