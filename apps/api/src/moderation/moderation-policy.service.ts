import { Injectable } from '@nestjs/common';
import type { RoomMemberRole } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { RolesService } from '../roles/roles.service.js';
import { RoomAccessService, type RoomAccess } from '../rooms/room-access.service.js';
import type { RoomMemberRow } from '../rooms/room-member.entity.js';
import type { RoomRow } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

export interface ModerationTarget {
  room: RoomRow;
  user: User;
  /** The target's membership of the room, if any. */
  member: RoomMemberRow | null;
}

const RANK: Record<RoomMemberRole, number> = { member: 0, moderator: 1, owner: 2 };

/**
 * Who may moderate whom. A room is moderated by holders of `moderation.moderate` and by those
 * who manage it (its owner and moderators, `rooms.manage_any`). Nobody acts on themselves; only
 * holders of `users.manage` act on a moderator (no moderator wars); a room's own moderators act
 * only on members ranked below them in that room.
 */
@Injectable()
export class ModerationPolicy {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: RoomAccessService,
    private readonly roles: RolesService,
  ) {}

  canRead(actor: Actor, roomId: number): Promise<RoomAccess> {
    return this.access.canRead(actor, roomId);
  }

  async assertModerator(actor: Actor, roomId: number): Promise<RoomRow> {
    if (actor.permissions.has('moderation.moderate')) return this.access.room(roomId);
    return (await this.access.canManage(actor, roomId)).room;
  }

  /** The room (after assertModerator) and the user the action falls on, once every rule allows it. */
  async target(actor: Actor, roomId: number, userId: number): Promise<ModerationTarget> {
    const room = await this.assertModerator(actor, roomId);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw new AppError('NOT_FOUND', 'There is no such user.');
    if (userId === actor.userId) throw new AppError('FORBIDDEN', 'You cannot moderate yourself.');
    const { permissions } = await this.roles.accessOf(userId);
    if (permissions.has('moderation.moderate') && !actor.permissions.has('users.manage')) {
      throw new AppError('FORBIDDEN', `${user.username} is a moderator: only an administrator can do this.`);
    }
    const member = await this.access.member(roomId, userId);
    if (!actor.permissions.has('moderation.moderate') && !actor.permissions.has('rooms.manage_any')) {
      const mine = await this.access.member(roomId, actor.userId);
      if (RANK[member?.role ?? 'member'] >= RANK[mine?.role ?? 'member']) {
        throw new AppError('FORBIDDEN', 'You can only moderate members ranked below you in this room.');
      }
    }
    return { room, user, member };
  }

  /** The target, who must be a member of the room. */
  async targetMember(
    actor: Actor,
    roomId: number,
    userId: number,
  ): Promise<ModerationTarget & { member: RoomMemberRow }> {
    const target = await this.target(actor, roomId, userId);
    if (!target.member)
      throw new AppError('NOT_FOUND', `${target.user.username} is not a member of this room.`);
    return { ...target, member: target.member };
  }
}
