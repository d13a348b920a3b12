import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { RoomRow } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { messageBodyColumn } from './message-body-cipher.js';

export type MessageKind = 'text' | 'me' | 'system';

/** Stored as plain text; clients render markdown-lite themselves and never trust HTML. */
@Entity({ name: 'messages' })
@Index('idx_messages_room_id', ['roomId', 'id'])
@Index('idx_messages_client_id', ['authorId', 'clientMsgId'], { unique: true })
export class MessageRow {
  /** Grows with every stored message: the cursor of `sync`. */
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'room_id', type: 'integer' })
  roomId: number;

  @ManyToOne(() => RoomRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_messages_room' })
  room?: RoomRow;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_messages_author' })
  author?: User;

  /** The author's display name when sent, kept if the account is later deleted. */
  @Column({ name: 'author_name', type: 'varchar', length: 128 })
  authorName: string;

  @Column({ type: 'varchar', length: 16 })
  kind: MessageKind;

  /** Encrypted at rest while the setting encryption.messageBodies is on; always readable either way. */
  @Column({ type: 'text', transformer: messageBodyColumn })
  body: string;

  @Column({ name: 'client_msg_id', type: 'varchar', length: 64, nullable: true })
  clientMsgId: string | null;

  @Column({ name: 'reply_to_id', type: 'integer', nullable: true })
  replyToId: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'edited_at', type: 'bigint', nullable: true, transformer: epochMillis })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'bigint', nullable: true, transformer: epochMillis })
  deletedAt: Date | null;
}
