import { Injectable } from '@nestjs/common';
import type {
  CreateRoom,
  Room,
  RoomDirectory,
  RoomDirectoryQuery,
  RoomMember,
  UpdateRoom,
} from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { PresenceTracker } from '../presence/presence-tracker.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { AppEvents } from '../common/app-events.js';
import { MessagesService } from '../messages/messages.service.js';
import { User } from '../users/user.entity.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomMemberRow } from './room-member.entity.js';
import { RoomRow } from './room.entity.js';
import { RoomCreationQuota } from './room-creation-quota.js';
import { RoomQueries } from './room-queries.js';

/** Rooms and their members; every change is checked here and told to the room as a system message. */
@Injectable()
export class RoomsService {
  private readonly queries: RoomQueries;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: RoomAccessService,
    private readonly messages: MessagesService,
    private readonly audit: AuditService,
    private readonly events: AppEvents,
    private readonly presence: PresenceTracker,
    private readonly quota: RoomCreationQuota,
  ) {
    this.queries = new RoomQueries(dataSource);
  }

  list(actor: Actor, joinedOnly = false): Promise<Room[]> {
    return joinedOnly ? this.queries.joinedBy(actor.userId) : this.queries.visibleTo(actor.userId);
  }

  directory(actor: Actor, query: RoomDirectoryQuery): Promise<RoomDirectory> {
    return this.queries.directory(actor.userId, query);
  }

  async get(actor: Actor, roomId: number): Promise<Room> {
    await this.access.canRead(actor, roomId);
    return this.queries.one(actor.userId, roomId);
  }

  async create(actor: Actor, input: CreateRoom): Promise<Room> {
    await this.quota.take(actor);
    const room = await this.dataSource.transaction(async (manager) => {
      const created = await manager.getRepository(RoomRow).save({
        name: input.name,
        description: input.description,
        topic: '',
        visibility: input.visibility,
        directKey: null,
        createdBy: actor.userId,
        createdAt: this.messages.now(),
        archivedAt: null,
      });
      await manager.getRepository(RoomMemberRow).insert(this.membership(created.id, actor.userId, 'owner'));
      return created;
    });
    await this.record(actor, 'room.created', room.id, { name: room.name, visibility: room.visibility });
    this.events.emit('room.member.joined', { roomId: room.id, userId: actor.userId });
    await this.messages.postSystem(room.id, `${actor.displayName} created the room`);
    return this.queries.one(actor.userId, room.id);
  }

  /** Finds or creates the direct conversation between the caller and these users. */
  async direct(actor: Actor, userIds: number[]): Promise<Room> {
    const ids = [...new Set([actor.userId, ...userIds])].sort((a, b) => a - b);
    if (ids.length < 2) throw new AppError('VALIDATION_FAILED', 'A conversation needs someone else.');
    const users = await this.dataSource.getRepository(User).findBy(ids.map((id) => ({ id })));
    if (users.length !== ids.length) throw new AppError('NOT_FOUND', 'Some of these users do not exist.');
    const directKey = ids.join(',');
    const existing = await this.dataSource.getRepository(RoomRow).findOneBy({ directKey });
    if (existing) {
      // A conversation someone left is reopened for everyone in it, or it could never be used again.
      for (const userId of ids) {
        if (!(await this.access.member(existing.id, userId))) await this.addMembership(existing.id, userId);
      }
      return this.queries.one(actor.userId, existing.id);
    }
    const room = await this.dataSource.transaction(async (manager) => {
      const created = await manager.getRepository(RoomRow).save({
        name: users
          .map((u) => u.displayName)
          .join(', ')
          .slice(0, 80),
        description: '',
        topic: '',
        visibility: 'direct' as const,
        directKey,
        createdBy: actor.userId,
        createdAt: this.messages.now(),
        archivedAt: null,
      });
      await manager
        .getRepository(RoomMemberRow)
        .insert(ids.map((id) => this.membership(created.id, id, 'member')));
      return created;
    });
    for (const userId of ids) this.events.emit('room.member.joined', { roomId: room.id, userId });
    return this.queries.one(actor.userId, room.id);
  }

  /** Joining a public room; private rooms need an invitation (addMember). */
  async join(actor: Actor, roomId: number): Promise<Room> {
    const room = await this.access.room(roomId);
    if (await this.access.member(roomId, actor.userId)) return this.queries.one(actor.userId, roomId);
    if (room.visibility !== 'public')
      throw new AppError('FORBIDDEN', 'This room is private: ask a member to invite you.');
    if (room.archivedAt) throw new AppError('FORBIDDEN', 'This room is archived.');
    await this.access.assertNotBanned(roomId, actor.userId);
    await this.addMembership(roomId, actor.userId);
    await this.messages.postSystem(roomId, `${actor.displayName} joined`);
    return this.queries.one(actor.userId, roomId);
  }

  /** Invites someone: any member of a public room, owners and moderators of a private one. */
  async addMember(actor: Actor, roomId: number, userId: number): Promise<void> {
    const room = await this.access.room(roomId);
    if (room.visibility === 'direct')
      throw new AppError('FORBIDDEN', 'Start a new conversation to add people.');
    if (room.visibility === 'private') await this.access.canManage(actor, roomId);
    else if (
      !(await this.access.member(roomId, actor.userId)) &&
      !actor.permissions.has('rooms.manage_any')
    ) {
      throw new AppError('FORBIDDEN', 'Join the room before inviting others.');
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw new AppError('NOT_FOUND', 'There is no such user.');
    if (await this.access.member(roomId, userId)) return;
    await this.access.assertNotBanned(roomId, userId);
    await this.addMembership(roomId, userId);
    await this.record(actor, 'room.member.added', roomId, { userId });
    await this.messages.postSystem(roomId, `${actor.displayName} added ${user.displayName}`);
  }

  async leave(actor: Actor, roomId: number): Promise<void> {
    const member = await this.access.member(roomId, actor.userId);
    if (!member) throw new AppError('NOT_FOUND', 'You are not a member of this room.');
    await this.dataSource.getRepository(RoomMemberRow).delete({ roomId, userId: actor.userId });
    this.events.emit('room.member.left', { roomId, userId: actor.userId, reason: 'left' });
    await this.messages.postSystem(roomId, `${actor.displayName} left`);
  }

  async update(actor: Actor, roomId: number, input: UpdateRoom): Promise<Room> {
    const { room } = await this.access.canManage(actor, roomId);
    const changes: Partial<RoomRow> = {};
    if (input.name !== undefined && input.name !== room.name) changes.name = input.name;
    if (input.description !== undefined && input.description !== room.description)
      changes.description = input.description;
    if (input.topic !== undefined && input.topic !== room.topic) changes.topic = input.topic;
    if (Object.keys(changes).length === 0) return this.queries.one(actor.userId, roomId);
    await this.dataSource.getRepository(RoomRow).update({ id: roomId }, changes);
    await this.record(actor, 'room.updated', roomId, { fields: Object.keys(changes) });
    if (changes.name)
      await this.messages.postSystem(roomId, `${actor.displayName} renamed the room to “${changes.name}”`);
    if (changes.topic !== undefined)
      await this.messages.postSystem(roomId, `${actor.displayName} set the topic: ${changes.topic}`);
    return this.queries.one(actor.userId, roomId);
  }

  async archive(actor: Actor, roomId: number, archived: boolean): Promise<Room> {
    await this.access.canManage(actor, roomId);
    await this.dataSource
      .getRepository(RoomRow)
      .update({ id: roomId }, { archivedAt: archived ? this.messages.now() : null });
    await this.record(actor, archived ? 'room.archived' : 'room.unarchived', roomId, {});
    await this.messages.postSystem(
      roomId,
      `${actor.displayName} ${archived ? 'archived' : 'reopened'} the room`,
    );
    return this.queries.one(actor.userId, roomId);
  }

  /** Owners (or rooms.manage_any) name room moderators and owners; a room keeps at least one owner. */
  async setMemberRole(
    actor: Actor,
    roomId: number,
    userId: number,
    role: RoomMember['role'],
  ): Promise<RoomMember[]> {
    const { room, member: mine } = await this.access.canManage(actor, roomId);
    if (room.visibility === 'direct') throw new AppError('FORBIDDEN', 'Direct conversations have no roles.');
    if (mine?.role !== 'owner' && !actor.permissions.has('rooms.manage_any')) {
      throw new AppError('FORBIDDEN', 'Only the room’s owners can change roles.');
    }
    const target = await this.access.member(roomId, userId);
    if (!target) throw new AppError('NOT_FOUND', 'This user is not a member of the room.');
    if (target.role === role) return this.withPresence(await this.queries.members(roomId));
    if (target.role === 'owner') {
      const owners = await this.dataSource.getRepository(RoomMemberRow).countBy({ roomId, role: 'owner' });
      if (owners <= 1) throw new AppError('CONFLICT', 'A room needs an owner: name another one first.');
    }
    await this.dataSource.getRepository(RoomMemberRow).update({ roomId, userId }, { role });
    await this.record(actor, 'room.member.role_changed', roomId, { userId, from: target.role, to: role });
    return this.withPresence(await this.queries.members(roomId));
  }

  /** For the console (rooms.manage_any): who is in any room, without reading what it says. */
  async membersOf(roomId: number): Promise<RoomMember[]> {
    await this.access.room(roomId);
    return this.withPresence(await this.queries.members(roomId));
  }

  async members(actor: Actor, roomId: number): Promise<RoomMember[]> {
    await this.access.canRead(actor, roomId);
    return this.withPresence(await this.queries.members(roomId));
  }

  /** Member lists say who is online now; `presence` events keep a client's copy current. */
  private withPresence(members: Omit<RoomMember, 'presence'>[]): RoomMember[] {
    return members.map((member) => ({ ...member, presence: this.presence.status(member.userId) }));
  }

  /** A new member starts with the history already read: unread counts what came after joining. */
  private async addMembership(roomId: number, userId: number): Promise<void> {
    const last = await this.queries.lastMessageId(roomId);
    await this.dataSource
      .getRepository(RoomMemberRow)
      .insert({ ...this.membership(roomId, userId, 'member'), deliveredId: last, readId: last });
    this.events.emit('room.member.joined', { roomId, userId });
  }

  private membership(roomId: number, userId: number, role: RoomMemberRow['role']): RoomMemberRow {
    return {
      roomId,
      userId,
      role,
      joinedAt: this.messages.now(),
      deliveredId: 0,
      readId: 0,
      mutedUntil: null,
    };
  }

  private async record(actor: Actor, action: string, roomId: number, details: Record<string, unknown>) {
    await this.audit.record({ actor, action, target: `room:${roomId}`, outcome: 'success', details });
  }
}
