import { Injectable } from '@nestjs/common';
import type { RoomDigest, UpdateRoomDigest } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { AuditService } from '../audit/audit.service.js';
import type { RoomMemberRow } from '../rooms/room-member.entity.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { lastOccurrence, nextOccurrence } from './digest-time.js';
import { RoomDigestRow } from './room-digest.entity.js';

const SERVER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Rooms' daily digests: readers see the setting, owners (and `rooms.manage_any`) change it. */
@Injectable()
export class RoomDigestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: RoomAccessService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, roomId: number): Promise<RoomDigest> {
    const { member } = await this.access.canRead(actor, roomId);
    const row = await this.repo().findOneBy({ roomId });
    return this.view(roomId, row, mayEdit(actor, member));
  }

  async set(actor: Actor, roomId: number, input: UpdateRoomDigest): Promise<RoomDigest> {
    // Administrators (rooms.manage_any) manage rooms they cannot read, private ones included.
    if (actor.permissions.has('rooms.manage_any')) await this.access.room(roomId);
    else if ((await this.access.canRead(actor, roomId)).member?.role !== 'owner')
      throw new AppError('FORBIDDEN', 'Only the room’s owners can change its daily digest.');
    const now = this.clock.now();
    const previous = await this.repo().findOneBy({ roomId });
    const row: RoomDigestRow = {
      roomId,
      ...input,
      lastRunAt: previous?.lastRunAt ?? null,
      lastMessageId: previous?.lastMessageId ?? 0,
      // The first digest after a change is at the next `at`, never at once.
      updatedAt: now,
      updatedBy: actor.userId,
    };
    await this.repo().save(row);
    await this.audit.record({
      actor,
      action: 'summary.digest.updated',
      target: `room:${roomId}`,
      outcome: 'success',
      details: { ...input },
    });
    return this.view(roomId, row, true);
  }

  /** Enabled digests whose time came since their last run (or their last change). */
  async due(now: Date): Promise<RoomDigestRow[]> {
    const rows = await this.repo().findBy({ enabled: true });
    return rows.filter((row) => {
      const since = Math.max(row.lastRunAt?.getTime() ?? 0, row.updatedAt.getTime());
      return lastOccurrence(now, row.at, row.timeZone).getTime() > since;
    });
  }

  /**
   * Claims a due digest for this run: only one instance (and one tick) wins the conditional
   * update, so a digest is never made twice.
   */
  async claim(row: RoomDigestRow, now: Date): Promise<boolean> {
    const query = this.repo()
      .createQueryBuilder()
      .update()
      .set({ lastRunAt: now })
      .where('room_id = :roomId', { roomId: row.roomId });
    if (row.lastRunAt) query.andWhere('last_run_at = :last', { last: row.lastRunAt.getTime() });
    else query.andWhere('last_run_at IS NULL');
    const result = await query.execute();
    return (result.affected ?? 0) === 1;
  }

  async covered(roomId: number, lastMessageId: number): Promise<void> {
    await this.repo().update({ roomId }, { lastMessageId });
  }

  private view(roomId: number, row: RoomDigestRow | null, canEdit: boolean): RoomDigest {
    const enabled = row?.enabled ?? false;
    const at = row?.at ?? '08:00';
    const timeZone = row?.timeZone ?? SERVER_ZONE;
    return {
      roomId,
      enabled,
      at,
      timeZone,
      lastRunAt: row?.lastRunAt?.toISOString() ?? null,
      nextRunAt: enabled ? nextOccurrence(this.clock.now(), at, timeZone).toISOString() : null,
      canEdit,
    };
  }

  private repo() {
    return this.dataSource.getRepository(RoomDigestRow);
  }
}

function mayEdit(actor: Actor, member: RoomMemberRow | null): boolean {
  return actor.permissions.has('rooms.manage_any') || member?.role === 'owner';
}
