import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { User } from '../users/user.entity.js';
import { sealedColumn } from '../encryption/sealed-fields.js';

/** One answer to a security question, normalised and hashed like a password. */
@Entity({ name: 'security_answers' })
@Index('idx_security_answers_user_question', ['userId', 'question'], { unique: true })
export class SecurityAnswer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_security_answers_user' })
  user?: User;

  @Column({ type: 'varchar', length: 40 })
  question: string;

  /** The argon2 hash (its salt included), encrypted at rest: a stolen database allows no offline guessing. */
  @Column({
    name: 'answer_hash',
    type: 'varchar',
    length: 255,
    transformer: sealedColumn('security_answers.answer_hash'),
  })
  answerHash: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
