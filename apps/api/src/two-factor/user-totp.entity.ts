import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { User } from '../users/user.entity.js';
import { sealedColumn } from '../encryption/sealed-fields.js';

/** pg returns bigint as a string; time steps (~5.9e7 today) are far inside the safe integer range. */
const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** A user's TOTP secret: unconfirmed while `enabled` is false, then required at every login. */
@Entity({ name: 'user_totp' })
export class UserTotp {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_totp_user' })
  user?: User;

  /** Base32, encrypted at rest with the key ring (outside the database). */
  @Column({ type: 'varchar', length: 255, transformer: sealedColumn('user_totp.secret') })
  secret: string;

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  /** The newest accepted time step: codes of that step or older are refused, so none is used twice. */
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true, transformer: bigintNumber })
  lastUsedStep: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'confirmed_at', type: 'bigint', nullable: true, transformer: epochMillis })
  confirmedAt: Date | null;
}
