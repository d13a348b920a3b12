import { Injectable } from '@nestjs/common';
import type {
  BanInput,
  KickInput,
  ModerationAction,
  ModerationOutcome,
  MuteInput,
  WarnInput,
} from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { AppEvents } from '../common/app-events.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomBanRow } from '../rooms/room-ban.entity.js';
import { RoomMemberRow } from '../rooms/room-member.entity.js';
import type { RoomRow } from '../rooms/room.entity.js';
import type { User } from '../users/user.entity.js';
import { formatMinutes } from './moderation-args.js';
import { ModerationPolicy } from './moderation-policy.service.js';

/** Set when the action resolves a report, so the audit entry links the two. */
export interface FromReport {
  reportId?: number;
}

/**
 * What moderators do to members of a room. Each action is checked by the policy, recorded in the
 * audit trail, told to the member (a `notice` on their sockets) and, when it changes who may speak
 * in the room, to the room as a system message.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: ModerationPolicy,
    private readonly messages: MessagesService,
    private readonly audit: AuditService,
    private readonly events: AppEvents,
  ) {}

  now(): Date {
    return this.messages.now();
  }

  async mute(actor: Actor, roomId: number, input: MuteInput & FromReport): Promise<ModerationOutcome> {
    const { room, user } = await this.policy.targetMember(actor, roomId, input.userId);
    const until = new Date(this.now().getTime() + input.minutes * 60_000);
    await this.members().update({ roomId, userId: user.id }, { mutedUntil: until });
    const duration = formatMinutes(input.minutes);
    await this.record(actor, 'moderation.member.muted', roomId, input);
    this.tell(room, user, 'MUTED', `You are muted in ${room.name} for ${duration}`, input.reason);
    await this.announce(
      room,
      `${user.displayName} was muted for ${duration} by ${actor.displayName}`,
      input.reason,
    );
    return outcome('mute', room, user, until);
  }

  async unmute(actor: Actor, roomId: number, input: KickInput & FromReport): Promise<ModerationOutcome> {
    const { room, user } = await this.policy.targetMember(actor, roomId, input.userId);
    await this.members().update({ roomId, userId: user.id }, { mutedUntil: null });
    await this.record(actor, 'moderation.member.unmuted', roomId, input);
    this.tell(room, user, 'UNMUTED', `You may write in ${room.name} again`);
    await this.announce(room, `${user.displayName} was unmuted by ${actor.displayName}`);
    return outcome('unmute', room, user, null);
  }

  /** A private word: only the member sees it. */
  async warn(actor: Actor, roomId: number, input: WarnInput & FromReport): Promise<ModerationOutcome> {
    const { room, user } = await this.policy.target(actor, roomId, input.userId);
    await this.record(actor, 'moderation.member.warned', roomId, input);
    this.tell(room, user, 'WARNED', `A moderator warned you in ${room.name}`, input.reason);
    return outcome('warn', room, user, null);
  }

  /** Removes the member; they may come back (a public room) or be invited again. */
  async kick(actor: Actor, roomId: number, input: KickInput & FromReport): Promise<ModerationOutcome> {
    const { room, user, member } = await this.policy.targetMember(actor, roomId, input.userId);
    assertRemovable(room, member);
    await this.remove(room, user, 'kicked', `You were removed from ${room.name}`, input.reason);
    await this.record(actor, 'moderation.member.kicked', roomId, input);
    await this.announce(room, `${user.displayName} was kicked by ${actor.displayName}`, input.reason);
    return outcome('kick', room, user, null);
  }

  /** Removes the member (if they are one) and keeps them out until `minutes` pass or the ban is lifted. */
  async ban(actor: Actor, roomId: number, input: BanInput & FromReport): Promise<ModerationOutcome> {
    const { room, user, member } = await this.policy.target(actor, roomId, input.userId);
    assertRemovable(room, member);
    const now = this.now();
    const until = input.minutes === undefined ? null : new Date(now.getTime() + input.minutes * 60_000);
    const lasting = input.minutes === undefined ? '' : ` for ${formatMinutes(input.minutes)}`;
    await this.dataSource.getRepository(RoomBanRow).save({
      roomId,
      userId: user.id,
      until,
      reason: input.reason ?? '',
      bannedBy: actor.userId,
      createdAt: now,
    });
    if (member)
      await this.remove(room, user, 'banned', `You were banned from ${room.name}${lasting}`, input.reason);
    await this.record(actor, 'moderation.member.banned', roomId, input);
    await this.announce(
      room,
      `${user.displayName} was banned${lasting} by ${actor.displayName}`,
      input.reason,
    );
    return outcome('ban', room, user, until);
  }

  async unban(actor: Actor, roomId: number, input: KickInput): Promise<ModerationOutcome> {
    const { room, user } = await this.policy.target(actor, roomId, input.userId);
    const { affected } = await this.dataSource.getRepository(RoomBanRow).delete({ roomId, userId: user.id });
    if (!affected) throw new AppError('NOT_FOUND', `${user.username} is not banned from this room.`);
    await this.record(actor, 'moderation.member.unbanned', roomId, input);
    return outcome('unban', room, user, null);
  }

  /** Deletes through MessagesService, so the room's sockets get `message:deleted`. */
  async removeMessage(
    actor: Actor,
    messageId: number,
    from: FromReport & { reason?: string },
  ): Promise<void> {
    const row = await this.messages.delete(actor, messageId);
    await this.audit.record({
      actor,
      action: 'moderation.message.removed',
      target: `message:${messageId}`,
      outcome: 'success',
      details: { roomId: row.roomId, userId: row.authorId, reason: from.reason, reportId: from.reportId },
    });
  }

  private members() {
    return this.dataSource.getRepository(RoomMemberRow);
  }

  private async remove(
    room: RoomRow,
    user: User,
    reason: 'kicked' | 'banned',
    text: string,
    why: string | undefined,
  ): Promise<void> {
    await this.members().delete({ roomId: room.id, userId: user.id });
    // Their sockets leave the room's channel: nothing more reaches them from it.
    this.events.emit('room.member.left', { roomId: room.id, userId: user.id, reason });
    this.tell(room, user, reason === 'kicked' ? 'KICKED' : 'BANNED', text, why);
  }

  private tell(room: RoomRow, user: User, code: string, text: string, reason?: string): void {
    this.events.emit('room.notice', {
      roomId: room.id,
      userId: user.id,
      code,
      message: withReason(text, reason),
    });
  }

  private async announce(room: RoomRow, text: string, reason?: string): Promise<void> {
    await this.messages.postSystem(room.id, reason ? `${text}: ${reason}` : text);
  }

  private async record(
    actor: Actor,
    action: string,
    roomId: number,
    input: { userId: number; minutes?: number; reason?: string; reportId?: number },
  ): Promise<void> {
    const { userId, minutes, reason, reportId } = input;
    await this.audit.record({
      actor,
      action,
      target: `room:${roomId}`,
      outcome: 'success',
      details: { userId, minutes, reason, reportId },
    });
  }
}

function assertRemovable(room: RoomRow, member: RoomMemberRow | null): void {
  if (room.visibility === 'direct')
    throw new AppError('FORBIDDEN', 'Nobody can be removed from a direct conversation; mute them instead.');
  if (member?.role === 'owner')
    throw new AppError('FORBIDDEN', 'The owner cannot be removed from their room; mute them instead.');
}

function withReason(text: string, reason: string | undefined): string {
  return reason ? `${text}: ${reason}` : `${text}.`;
}

function outcome(action: ModerationAction, room: RoomRow, user: User, until: Date | null): ModerationOutcome {
  return { action, roomId: room.id, userId: user.id, until: until?.toISOString() ?? null };
}
