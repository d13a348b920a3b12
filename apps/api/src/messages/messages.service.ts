import { Injectable } from '@nestjs/common';
import type { Message } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { AppEvents } from '../common/app-events.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { RoomMemberRow } from '../rooms/room-member.entity.js';
import { parseMentions } from './mentions.js';
import { MessagePolicy } from './message-policy.service.js';
import { MessageRow, type MessageKind } from './message.entity.js';
import { reactionsFor } from './message-reactions.js';
import { toMessage } from './message-views.js';
import { pageAfter, pageBefore } from './message-pages.js';
import { MessageWriter } from './message-writer.js';
import { ReactionRow } from './reaction.entity.js';

/** `sync` answers at most this many messages; the client asks again from the last one. */
const SYNC_LIMIT = 1000;

export interface NewMessageInput {
  roomId: number;
  body: string;
  clientMsgId: string;
  replyToId?: number;
  kind?: Exclude<MessageKind, 'system'>;
}

@Injectable()
export class MessagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: RoomAccessService,
    private readonly writer: MessageWriter,
    private readonly policy: MessagePolicy,
    private readonly events: AppEvents,
  ) {}

  now(): Date {
    return this.policy.now();
  }

  /** Answers only once the message is durably stored; a repeated clientMsgId returns the original. */
  async send(actor: Actor, input: NewMessageInput): Promise<Message> {
    const body = await this.policy.checkBody(input.body);
    await this.access.canWrite(actor, input.roomId);
    if (input.replyToId !== undefined) await this.assertInRoom(input.replyToId, input.roomId);
    const stored = await this.writer.write({
      roomId: input.roomId,
      authorId: actor.userId,
      authorName: actor.displayName,
      kind: input.kind ?? 'text',
      body,
      clientMsgId: input.clientMsgId,
      replyToId: input.replyToId ?? null,
      createdAt: this.policy.now(),
      editedAt: null,
      deletedAt: null,
    });
    const message = toMessage(stored);
    if (!stored.duplicate) {
      this.events.emit('message.created', { message });
      await this.notifyMentions(actor, message);
    }
    return message;
  }

  /** Activity history (created, joined, renamed…) as messages everyone in the room sees. */
  async postSystem(roomId: number, body: string): Promise<Message> {
    const stored = await this.writer.write({
      roomId,
      authorId: null,
      authorName: 'Atrio',
      kind: 'system',
      body,
      clientMsgId: null,
      replyToId: null,
      createdAt: this.policy.now(),
      editedAt: null,
      deletedAt: null,
    });
    const message = toMessage(stored);
    this.events.emit('message.created', { message });
    return message;
  }

  async edit(actor: Actor, messageId: number, newBody: string): Promise<Message> {
    const body = await this.policy.checkBody(newBody);
    const row = await this.find(messageId);
    await this.access.canWrite(actor, row.roomId);
    if (row.authorId !== actor.userId)
      throw new AppError('FORBIDDEN', 'You can only edit your own messages.');
    await this.policy.assertEditable(row);
    row.body = body;
    row.editedAt = this.policy.now();
    await this.dataSource.getRepository(MessageRow).update({ id: row.id }, { body, editedAt: row.editedAt });
    const message = toMessage(row, await this.reactionsOf(row.id));
    this.events.emit('message.updated', { message });
    return message;
  }

  /** Own messages, or any message for room moderators and holders of moderation.moderate (in any room). */
  async delete(actor: Actor, messageId: number): Promise<MessageRow> {
    const row = await this.find(messageId);
    const moderatesEverywhere = actor.permissions.has('moderation.moderate');
    const member = moderatesEverywhere
      ? await this.access.member(row.roomId, actor.userId)
      : (await this.access.canRead(actor, row.roomId)).member;
    const moderates = moderatesEverywhere || member?.role === 'owner' || member?.role === 'moderator';
    if (row.authorId !== actor.userId && !moderates) {
      throw new AppError('FORBIDDEN', 'Only moderators can delete other people’s messages.');
    }
    await this.dataSource
      .getRepository(MessageRow)
      .update({ id: row.id }, { deletedAt: this.policy.now(), body: '' });
    this.events.emit('message.deleted', { id: row.id, roomId: row.roomId });
    return row;
  }

  async react(actor: Actor, messageId: number, emoji: string): Promise<Message> {
    const row = await this.find(messageId);
    await this.access.canWrite(actor, row.roomId);
    const reactions = this.dataSource.getRepository(ReactionRow);
    const key = { messageId, userId: actor.userId, emoji };
    if (await reactions.existsBy(key)) await reactions.delete(key);
    else await reactions.insert(key);
    const message = toMessage(row, await this.reactionsOf(row.id));
    this.events.emit('message.updated', { message });
    return message;
  }

  /** A page of history, oldest first; `before` pages backwards. */
  async history(actor: Actor, roomId: number, before: number | undefined, limit: number): Promise<Message[]> {
    await this.access.canRead(actor, roomId);
    const rows = await pageBefore(this.dataSource, roomId, before, limit);
    return this.withReactions(rows.reverse());
  }

  /** Everything after `afterId`, oldest first: a reconnecting client gets exactly what it missed. */
  async sync(actor: Actor, roomId: number, afterId: number): Promise<Message[]> {
    const { member } = await this.access.canRead(actor, roomId);
    const rows = await pageAfter(this.dataSource, roomId, afterId, SYNC_LIMIT);
    const last = rows.at(-1);
    if (member && last) await this.markDelivered(actor.userId, roomId, last.id);
    return this.withReactions(rows);
  }

  async markDelivered(userId: number, roomId: number, messageId: number): Promise<void> {
    if (await this.writer.moveWatermark({ watermark: 'delivered', roomId, userId, messageId }))
      this.events.emit('room.receipt', { roomId, userId, deliveredId: messageId, readId: null });
  }

  async markRead(actor: Actor, roomId: number, messageId: number): Promise<void> {
    const { member } = await this.access.canRead(actor, roomId);
    if (!member) throw new AppError('FORBIDDEN', 'Join the room first.');
    await this.assertInRoom(messageId, roomId);
    const userId = actor.userId;
    if (await this.writer.moveWatermark({ watermark: 'read', roomId, userId, messageId }))
      this.events.emit('room.receipt', { roomId, userId, deliveredId: messageId, readId: messageId });
  }

  /**
   * "Mark as unread": the read mark goes back to just before `messageId`, never forward (a message
   * already unread leaves it where it is). Other people's read ticks are not told: they did read it.
   */
  async markUnread(actor: Actor, roomId: number, messageId: number): Promise<void> {
    const { member } = await this.access.canRead(actor, roomId);
    if (!member) throw new AppError('FORBIDDEN', 'Join the room first.');
    await this.assertInRoom(messageId, roomId);
    const readId = messageId - 1;
    const moved = await this.dataSource
      .createQueryBuilder()
      .update(RoomMemberRow)
      .set({ readId })
      .where('room_id = :roomId AND user_id = :userId AND read_id > :readId', {
        roomId,
        userId: actor.userId,
        readId,
      })
      .execute();
    if (moved.affected) this.events.emit('room.read.moved', { roomId, userId: actor.userId, readId });
  }

  /** `@user` notifies that member, `@room` everyone in the room, with a MENTION notice. */
  private async notifyMentions(actor: Actor, message: Message): Promise<void> {
    const { usernames, room } = parseMentions(message.body);
    const text = `${actor.displayName} mentioned you`;
    if (room) {
      this.events.emit('room.notice', {
        roomId: message.roomId,
        code: 'MENTION',
        message: text,
        messageId: message.id,
      });
      return;
    }
    if (usernames.length === 0) return;
    const members = await this.dataSource
      .createQueryBuilder()
      .select('m.user_id', 'userId')
      .from('room_members', 'm')
      .innerJoin('users', 'u', 'u.id = m.user_id')
      .where('m.room_id = :roomId AND u.username IN (:...usernames)', { roomId: message.roomId, usernames })
      .getRawMany<{ userId: number }>();
    for (const { userId } of members) {
      if (Number(userId) === actor.userId) continue;
      this.events.emit('room.notice', {
        roomId: message.roomId,
        userId: Number(userId),
        code: 'MENTION',
        message: text,
        messageId: message.id,
      });
    }
  }

  private async assertInRoom(messageId: number, roomId: number): Promise<void> {
    const row = await this.dataSource.getRepository(MessageRow).findOneBy({ id: messageId });
    if (!row || row.roomId !== roomId)
      throw new AppError('NOT_FOUND', 'There is no such message in this room.');
  }

  private async find(messageId: number): Promise<MessageRow> {
    const row = await this.dataSource.getRepository(MessageRow).findOneBy({ id: messageId });
    if (!row || row.deletedAt) throw new AppError('NOT_FOUND', 'There is no such message.');
    return row;
  }

  private async reactionsOf(messageId: number): Promise<Record<string, number[]>> {
    return (await reactionsFor(this.dataSource, [messageId])).get(messageId) ?? {};
  }

  private async withReactions(rows: MessageRow[]): Promise<Message[]> {
    const reactions = await reactionsFor(
      this.dataSource,
      rows.map((r) => r.id),
    );
    return rows.map((row) => toMessage(row, reactions.get(row.id) ?? {}));
  }
}
