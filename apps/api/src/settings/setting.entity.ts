import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';

/** A setting an administrator changed; absent keys use the default declared in code. */
@Entity({ name: 'settings' })
export class SettingRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  /** JSON text. */
  @Column({ type: 'text' })
  value: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;
}
