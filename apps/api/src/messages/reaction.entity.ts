import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity.js';
import { MessageRow } from './message.entity.js';

@Entity({ name: 'message_reactions' })
export class ReactionRow {
  @PrimaryColumn({ name: 'message_id', type: 'integer' })
  messageId: number;

  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  emoji: string;

  @ManyToOne(() => MessageRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_reactions_message' })
  message?: MessageRow;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_reactions_user' })
  user?: User;
}
