import { type RetentionRun } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { RetentionRunRow } from './retention-run.entity.js';

export type RunCounts = Pick<
  RetentionRunRow,
  'messages' | 'roomsAffected' | 'reactions' | 'reports' | 'auditEntries' | 'note'
>;

/** The stored history of retention runs (the `retention/runs` resource). */
export class RetentionRuns {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the start of a run. A scheduled run names its slot; null when another instance already
   * took that slot (the unique index decides, so the check-then-insert race is harmless).
   */
  async start(
    trigger: RetentionRun['trigger'],
    slot: Date | null,
    actorId: number | null,
    startedAt: Date,
  ): Promise<RetentionRunRow | null> {
    const repository = this.dataSource.getRepository(RetentionRunRow);
    if (slot && (await repository.existsBy({ slot }))) return null;
    const row: Omit<RetentionRunRow, 'id'> = {
      trigger,
      slot,
      status: 'running',
      startedAt,
      finishedAt: null,
      actorId,
      messages: 0,
      roomsAffected: 0,
      reactions: 0,
      reports: 0,
      auditEntries: 0,
      note: null,
    };
    try {
      return await repository.save(row);
    } catch (error) {
      if (slot && (await repository.existsBy({ slot }))) return null;
      throw error;
    }
  }

  async finish(
    row: RetentionRunRow,
    status: 'done' | 'failed',
    counts: Partial<RunCounts>,
    at: Date,
  ): Promise<RetentionRunRow> {
    Object.assign(row, counts, { status, finishedAt: at, note: counts.note?.slice(0, 500) ?? null });
    await this.dataSource.getRepository(RetentionRunRow).save(row);
    return row;
  }

  hasScheduled(slot: Date): Promise<boolean> {
    return this.dataSource.getRepository(RetentionRunRow).existsBy({ slot });
  }

  async list(request: ListRequest): Promise<Page<RetentionRun>> {
    const [rows, total] = await this.dataSource.getRepository(RetentionRunRow).findAndCount({
      order: { [request.sort.field]: request.sort.order, id: request.sort.order },
      skip: request.skip,
      take: request.take,
    });
    return { rows: rows.map(toRetentionRun), total };
  }

  async get(id: number): Promise<RetentionRun> {
    const row = await this.dataSource.getRepository(RetentionRunRow).findOneBy({ id });
    if (!row) throw new AppError('NOT_FOUND', `There is no retention run ${id}.`);
    return toRetentionRun(row);
  }
}

export function toRetentionRun(row: RetentionRunRow): RetentionRun {
  return {
    id: row.id,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    actorId: row.actorId,
    messages: row.messages,
    roomsAffected: row.roomsAffected,
    reactions: row.reactions,
    reports: row.reports,
    auditEntries: row.auditEntries,
    note: row.note,
  };
}
