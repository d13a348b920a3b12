import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';

@Entity({ name: 'roles' })
export class RoleRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  /** JSON array of Permission names. */
  @Column({ type: 'text', default: '[]' })
  permissions: string;

  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  @Column({ name: 'require_two_factor', type: 'boolean', default: false })
  requireTwoFactor: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
