import { Injectable } from '@nestjs/common';
import { ADMIN_ROOM_SORTABLE, adminRoomFilterSchema, type AdminRoom } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { ListRequest, Page } from '../common/ra-list.js';

interface Raw {
  id: number;
  name: string;
  description: string;
  visibility: AdminRoom['visibility'];
  archived_at: number | string | null;
  created_at: number | string;
  member_count: number | string;
  message_count: number | string;
  last_message_at: number | string | null;
  has_retention: number | string | null;
  message_days: number | string | null;
}

const SORT: Record<(typeof ADMIN_ROOM_SORTABLE)[number], string> = {
  id: 'r.id',
  name: 'LOWER(r.name)',
  createdAt: 'r.created_at',
};

/** Every room for the console, whatever its privacy: counts, archive state and its own retention. */
@Injectable()
export class RoomDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(request: ListRequest): Promise<Page<AdminRoom>> {
    const parsed = adminRoomFilterSchema.safeParse(request.filter);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'The filter parameter is not valid.', {
        fields: parsed.error.issues.map((i) => ({ path: `filter.${i.path.join('.')}`, message: i.message })),
      });
    }
    const filter = parsed.data;
    const base = this.dataSource.createQueryBuilder().from('rooms', 'r');
    if (filter.q) {
      base.andWhere('(LOWER(r.name) LIKE :q OR LOWER(r.description) LIKE :q)', {
        q: `%${filter.q.toLowerCase()}%`,
      });
    }
    if (filter.visibility) base.andWhere('r.visibility = :visibility', { visibility: filter.visibility });
    if (filter.archived !== undefined) base.andWhere(`r.archived_at IS ${filter.archived ? 'NOT ' : ''}NULL`);
    if (filter.id !== undefined) base.andWhere('r.id IN (:...ids)', { ids: [filter.id].flat() });
    const total = await base.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
    const rows = await base
      .select(['r.id AS id', 'r.name AS name', 'r.description AS description', 'r.visibility AS visibility'])
      .addSelect(['r.archived_at AS archived_at', 'r.created_at AS created_at'])
      .addSelect('(SELECT COUNT(*) FROM room_members m WHERE m.room_id = r.id)', 'member_count')
      .addSelect('(SELECT COUNT(*) FROM messages g WHERE g.room_id = r.id)', 'message_count')
      .addSelect('(SELECT MAX(g.created_at) FROM messages g WHERE g.room_id = r.id)', 'last_message_at')
      .addSelect('(SELECT COUNT(*) FROM room_retention t WHERE t.room_id = r.id)', 'has_retention')
      .addSelect('(SELECT t.message_days FROM room_retention t WHERE t.room_id = r.id)', 'message_days')
      .orderBy(SORT[request.sort.field as keyof typeof SORT], request.sort.order)
      .addOrderBy('r.id', 'ASC')
      .offset(request.skip)
      .limit(request.take)
      .getRawMany<Raw>();
    return { rows: rows.map(toAdminRoom), total: Number(total?.n ?? 0) };
  }
}

const instant = (value: number | string | null) =>
  value === null ? null : new Date(Number(value)).toISOString();

function toAdminRoom(raw: Raw): AdminRoom {
  return {
    id: Number(raw.id),
    name: raw.name,
    description: raw.description,
    visibility: raw.visibility,
    archived: raw.archived_at !== null,
    memberCount: Number(raw.member_count),
    messageCount: Number(raw.message_count),
    createdAt: instant(raw.created_at)!,
    lastMessageAt: instant(raw.last_message_at),
    retention:
      Number(raw.has_retention) > 0
        ? { messageDays: raw.message_days === null ? null : Number(raw.message_days) }
        : null,
  };
}
