import { type AuditFilter, auditFilterSchema } from '@atrio/protocol';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AuditEntryRow } from './audit-entry.entity.js';

const DAY_MS = 86_400_000;
const BARE_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The `filter` of a list or export request, validated; errors name `filter.<field>`. */
export function parseAuditFilter(raw: Record<string, unknown>): AuditFilter {
  const result = auditFilterSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', 'The filter parameter has missing or invalid fields.', {
    fields: result.error.issues.map((issue) => ({
      path: ['filter', ...issue.path].join('.'),
      message: issue.message,
    })),
  });
}

/** Adds the filter's conditions to a query over `AuditEntryRow` aliased `e`. */
export function applyAuditFilter(
  query: SelectQueryBuilder<AuditEntryRow>,
  filter: AuditFilter,
): SelectQueryBuilder<AuditEntryRow> {
  if (filter.id !== undefined) {
    query.andWhere('e.id IN (:...ids)', { ids: Array.isArray(filter.id) ? filter.id : [filter.id] });
  }
  if (filter.actorId !== undefined) query.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
  if (filter.actor !== undefined) {
    query.andWhere(`LOWER(e.actorName) LIKE :actor ESCAPE '\\'`, { actor: contains(filter.actor) });
  }
  if (filter.action !== undefined) {
    query.andWhere(`e.action LIKE :action ESCAPE '\\'`, {
      action: `${escapeLike(filter.action.toLowerCase())}%`,
    });
  }
  if (filter.outcome !== undefined) query.andWhere('e.outcome = :outcome', { outcome: filter.outcome });
  if (filter.target !== undefined) query.andWhere('e.target = :target', { target: filter.target });
  if (filter.ip !== undefined) query.andWhere('e.ip = :ip', { ip: filter.ip });
  if (filter.from !== undefined) query.andWhere('e.at >= :from', { from: Date.parse(filter.from) });
  if (filter.to !== undefined) {
    // A bare day means "up to the end of that day", not its first millisecond.
    if (BARE_DAY.test(filter.to)) query.andWhere('e.at < :to', { to: Date.parse(filter.to) + DAY_MS });
    else query.andWhere('e.at <= :to', { to: Date.parse(filter.to) });
  }
  if (filter.q !== undefined) {
    const q = contains(filter.q);
    query.andWhere(
      new Brackets((any) =>
        any
          .where(`LOWER(e.action) LIKE :q ESCAPE '\\'`, { q })
          .orWhere(`LOWER(e.target) LIKE :q ESCAPE '\\'`, { q })
          .orWhere(`LOWER(e.actorName) LIKE :q ESCAPE '\\'`, { q }),
      ),
    );
  }
  return query;
}

function contains(text: string): string {
  return `%${escapeLike(text.toLowerCase())}%`;
}

/** User text is matched literally: `%` and `_` are not wildcards here. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
