import { Injectable } from '@nestjs/common';
import {
  ROOM_RETENTION_SORTABLE,
  type RoomRetention,
  type RoomRetentionCreate,
  type RoomRetentionUpdate,
} from '@atrio/protocol';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { RoomRow } from '../rooms/room.entity.js';
import { RoomRetentionRow } from './room-retention.entity.js';

const filterSchema = z.strictObject({
  id: z.union([z.coerce.number().int(), z.array(z.coerce.number().int()).max(500)]).optional(),
});

const SORT_COLUMNS: Record<(typeof ROOM_RETENTION_SORTABLE)[number], string> = {
  id: 'rr.roomId',
  roomName: 'LOWER(r.name)',
  messageDays: 'rr.messageDays',
  updatedAt: 'rr.updatedAt',
};

/** The `retention/rooms` resource: rooms that keep their messages shorter, longer or forever. */
@Injectable()
export class RoomRetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(request: ListRequest): Promise<Page<RoomRetention>> {
    const filter = filterSchema.safeParse(request.filter);
    if (!filter.success) {
      throw new AppError('VALIDATION_FAILED', 'The filter parameter is not valid.', {
        fields: filter.error.issues.map((i) => ({
          path: ['filter', ...i.path].join('.'),
          message: i.message,
        })),
      });
    }
    const builder = this.rows();
    if (filter.data.id !== undefined)
      builder.where('rr.roomId IN (:...ids)', { ids: [filter.data.id].flat() });
    const [rows, total] = await builder
      .orderBy(
        SORT_COLUMNS[request.sort.field as keyof typeof SORT_COLUMNS],
        request.sort.order,
        'NULLS FIRST',
      )
      .addOrderBy('rr.roomId', request.sort.order)
      .offset(request.skip)
      .limit(request.take)
      .getManyAndCount();
    return { rows: rows.map(toRoomRetention), total };
  }

  async get(roomId: number): Promise<RoomRetention> {
    const row = await this.rows().where('rr.roomId = :roomId', { roomId }).getOne();
    if (!row) throw new AppError('NOT_FOUND', `Room ${roomId} has no retention of its own.`);
    return toRoomRetention(row);
  }

  async create(actor: Actor, input: RoomRetentionCreate): Promise<RoomRetention> {
    await this.roomOrFail(input.roomId);
    if (await this.dataSource.getRepository(RoomRetentionRow).existsBy({ roomId: input.roomId })) {
      throw new AppError(
        'CONFLICT',
        `Room ${input.roomId} already has a retention of its own; change it instead.`,
      );
    }
    return this.save(actor, input.roomId, input.messageDays);
  }

  /** Sets (or replaces) the room's retention. */
  async put(actor: Actor, roomId: number, input: RoomRetentionUpdate): Promise<RoomRetention> {
    await this.roomOrFail(roomId);
    return this.save(actor, roomId, input.messageDays);
  }

  /** The room follows the global policy again. */
  async remove(actor: Actor, roomId: number): Promise<void> {
    const result = await this.dataSource.getRepository(RoomRetentionRow).delete({ roomId });
    if (!result.affected) throw new AppError('NOT_FOUND', `Room ${roomId} has no retention of its own.`);
    await this.audit.record({
      actor,
      action: 'retention.room.removed',
      target: `room:${roomId}`,
      outcome: 'success',
    });
  }

  private async save(actor: Actor, roomId: number, messageDays: number | null): Promise<RoomRetention> {
    await this.dataSource
      .getRepository(RoomRetentionRow)
      .save({ roomId, messageDays, updatedAt: this.clock.now(), updatedBy: actor.userId });
    await this.audit.record({
      actor,
      action: 'retention.room.updated',
      target: `room:${roomId}`,
      outcome: 'success',
      details: { messageDays },
    });
    return this.get(roomId);
  }

  private async roomOrFail(roomId: number): Promise<void> {
    if (!(await this.dataSource.getRepository(RoomRow).existsBy({ id: roomId }))) {
      throw new AppError('NOT_FOUND', `There is no room ${roomId}.`);
    }
  }

  private rows() {
    return this.dataSource
      .getRepository(RoomRetentionRow)
      .createQueryBuilder('rr')
      .innerJoinAndSelect('rr.room', 'r');
  }
}

function toRoomRetention(row: RoomRetentionRow): RoomRetention {
  return {
    id: row.roomId,
    roomId: row.roomId,
    roomName: row.room?.name ?? '',
    messageDays: row.messageDays,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}
