import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { readMember, readRoom } from './room-access-reader.js';
import { RoomBanRow } from './room-ban.entity.js';
import type { RoomMemberRow } from './room-member.entity.js';
import type { RoomRow } from './room.entity.js';

export interface RoomAccess {
  room: RoomRow;
  member: RoomMemberRow | null;
}

/** Every read and write of a room passes here: the server decides, never the client. */
@Injectable()
export class RoomAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async room(roomId: number): Promise<RoomRow> {
    const room = await readRoom(this.dataSource, roomId);
    if (!room) throw new AppError('NOT_FOUND', 'There is no such room.');
    return room;
  }

  async member(roomId: number, userId: number): Promise<RoomMemberRow | null> {
    return readMember(this.dataSource, roomId, userId);
  }

  /** Public rooms are readable by everyone signed in; private rooms and DMs only by members. */
  async canRead(actor: Actor, roomId: number): Promise<RoomAccess> {
    const room = await this.room(roomId);
    const member = await this.member(roomId, actor.userId);
    if (room.visibility !== 'public' && !member) {
      throw new AppError('FORBIDDEN', 'Only members can read this room.');
    }
    // A ban from a public room also ends reading it.
    if (!member) await this.assertNotBanned(roomId, actor.userId);
    return { room, member };
  }

  /** Writing needs membership, the send permission, an open room and no mute. */
  async canWrite(actor: Actor, roomId: number): Promise<RoomAccess & { member: RoomMemberRow }> {
    const room = await this.room(roomId);
    const member = await this.member(roomId, actor.userId);
    if (!member) throw new AppError('FORBIDDEN', 'Join the room before writing in it.');
    if (!actor.permissions.has('messages.send'))
      throw new AppError('FORBIDDEN', 'Your role may not send messages.');
    if (room.archivedAt)
      throw new AppError('FORBIDDEN', 'This room is archived: it can be read, not written to.');
    if (member.mutedUntil && member.mutedUntil.getTime() > this.clock.now().getTime()) {
      throw new AppError('MUTED', `You are muted in this room until ${member.mutedUntil.toISOString()}.`, {
        until: member.mutedUntil.toISOString(),
      });
    }
    return { room, member };
  }

  /** Owners and room moderators manage their room; `rooms.manage_any` manages every room. */
  async canManage(actor: Actor, roomId: number): Promise<RoomAccess> {
    const room = await this.room(roomId);
    const member = await this.member(roomId, actor.userId);
    const roomRole = member?.role;
    if (!actor.permissions.has('rooms.manage_any') && roomRole !== 'owner' && roomRole !== 'moderator') {
      throw new AppError('FORBIDDEN', 'Only the room’s owner or moderators can do this.');
    }
    return { room, member };
  }

  async assertNotBanned(roomId: number, userId: number): Promise<void> {
    const ban = await this.dataSource.getRepository(RoomBanRow).findOneBy({ roomId, userId });
    if (ban && (ban.until === null || ban.until.getTime() > this.clock.now().getTime())) {
      throw new AppError('FORBIDDEN', 'This user is banned from the room.');
    }
  }
}
