import { REPORT_SORTABLE, reportFilterSchema, type Report, type ReportFilter } from '@atrio/protocol';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { ListRequest } from '../common/ra-list.js';
import { openMessageBody } from '../messages/message-body-cipher.js';
import { MessageReportRow } from './message-report.entity.js';

interface ReportRaw {
  id: number | string;
  messageId: number | string;
  roomId: number | string;
  roomName: string;
  reporterId: number | string;
  reporterName: string;
  reason: string;
  status: Report['status'];
  resolution: string | null;
  resolvedBy: number | string | null;
  resolvedByName: string | null;
  createdAt: number | string;
  resolvedAt: number | string | null;
  authorId: number | string | null;
  authorName: string;
  body: string;
  messageCreatedAt: number | string;
  deletedAt: number | string | null;
}

const SORT_COLUMNS: Record<(typeof REPORT_SORTABLE)[number], string> = {
  id: 'rep.id',
  createdAt: 'rep.created_at',
  status: 'rep.status',
  roomId: 'rep.room_id',
};

/** The moderation queue's read model: each report with its room, people and message in one query. */
export class ReportQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(list: ListRequest): Promise<{ rows: Report[]; total: number }> {
    const query = this.filtered(parseFilter(list.filter));
    const total = await query.clone().getCount();
    const rows = await this.selectAll(query)
      .orderBy(SORT_COLUMNS[list.sort.field as keyof typeof SORT_COLUMNS], list.sort.order)
      .addOrderBy('rep.id', list.sort.order)
      .offset(list.skip)
      .limit(list.take)
      .getRawMany<ReportRaw>();
    return { rows: rows.map(toReport), total };
  }

  async get(id: number): Promise<Report> {
    const row = await this.selectAll(this.filtered({ id })).getRawOne<ReportRaw>();
    if (!row) throw new AppError('NOT_FOUND', 'There is no such report.');
    return toReport(row);
  }

  private filtered(filter: ReportFilter): SelectQueryBuilder<MessageReportRow> {
    const query = this.dataSource
      .getRepository(MessageReportRow)
      .createQueryBuilder('rep')
      .innerJoin('messages', 'm', 'm.id = rep.message_id')
      .innerJoin('rooms', 'r', 'r.id = rep.room_id')
      .innerJoin('users', 'u', 'u.id = rep.reporter_id')
      .leftJoin('users', 'v', 'v.id = rep.resolved_by');
    if (filter.status !== undefined) query.andWhere('rep.status = :status', { status: filter.status });
    if (filter.roomId !== undefined) query.andWhere('rep.room_id = :roomId', { roomId: filter.roomId });
    if (filter.id !== undefined) {
      query.andWhere('rep.id IN (:...ids)', { ids: Array.isArray(filter.id) ? filter.id : [filter.id] });
    }
    return query;
  }

  private selectAll(query: SelectQueryBuilder<MessageReportRow>): SelectQueryBuilder<MessageReportRow> {
    return query
      .select(['rep.id AS "id"', 'rep.message_id AS "messageId"', 'rep.room_id AS "roomId"'])
      .addSelect(['r.name AS "roomName"', 'rep.reporter_id AS "reporterId"', 'u.username AS "reporterName"'])
      .addSelect(['rep.reason AS "reason"', 'rep.status AS "status"', 'rep.resolution AS "resolution"'])
      .addSelect(['rep.resolved_by AS "resolvedBy"', 'v.username AS "resolvedByName"'])
      .addSelect(['rep.created_at AS "createdAt"', 'rep.resolved_at AS "resolvedAt"'])
      .addSelect(['m.author_id AS "authorId"', 'm.author_name AS "authorName"', 'm.body AS "body"'])
      .addSelect(['m.created_at AS "messageCreatedAt"', 'm.deleted_at AS "deletedAt"']);
  }
}

function parseFilter(raw: Record<string, unknown>): ReportFilter {
  const result = reportFilterSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', 'The filter parameter has missing or invalid fields.', {
    fields: result.error.issues.map((issue) => ({
      path: ['filter', ...issue.path].join('.'),
      message: issue.message,
    })),
  });
}

const iso = (value: number | string) => new Date(Number(value)).toISOString();
const idOrNull = (value: number | string | null) => (value === null ? null : Number(value));

function toReport(row: ReportRaw): Report {
  return {
    id: Number(row.id),
    messageId: Number(row.messageId),
    roomId: Number(row.roomId),
    roomName: row.roomName,
    reporterId: Number(row.reporterId),
    reporterName: row.reporterName,
    reason: row.reason,
    status: row.status,
    resolution: row.resolution,
    resolvedBy: idOrNull(row.resolvedBy),
    resolvedByName: row.resolvedByName,
    createdAt: iso(row.createdAt),
    resolvedAt: row.resolvedAt === null ? null : iso(row.resolvedAt),
    message: {
      authorId: idOrNull(row.authorId),
      authorName: row.authorName,
      body: row.deletedAt === null ? openMessageBody(row.body) : '', // raw SQL: no transformer
      createdAt: iso(row.messageCreatedAt),
      deleted: row.deletedAt !== null,
    },
  };
}
