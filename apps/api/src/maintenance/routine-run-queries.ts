import {
  type RoutineKind,
  type RoutineRun,
  type RoutineRunFilter,
  routineRunFilterSchema,
  type RoutineTrigger,
} from '@atrio/protocol';
import { type DataSource, type EntityManager, In, Not } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { ListRequest } from '../common/ra-list.js';
import { RoutineItemRow } from './routine-item.entity.js';
import { toRoutineRun } from './routine-run.mapper.js';
import { RoutineRunRow } from './routine-run.entity.js';

/** Reading runs with their items. */
export class RoutineRunQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(list: ListRequest): Promise<{ rows: RoutineRun[]; total: number }> {
    const filter = parseFilter(list.filter);
    const where = {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.trigger ? { trigger: filter.trigger } : {}),
      ...(filter.id !== undefined ? { id: In([filter.id].flat()) } : {}),
    };
    const [runs, total] = await this.dataSource.getRepository(RoutineRunRow).findAndCount({
      where,
      order: { [list.sort.field]: list.sort.order, id: list.sort.order },
      skip: list.skip,
      take: list.take,
    });
    return { rows: await this.withItems(runs), total };
  }

  async get(id: number, manager: EntityManager = this.dataSource.manager): Promise<RoutineRun> {
    const run = await manager.getRepository(RoutineRunRow).findOneBy({ id });
    if (!run) throw new AppError('NOT_FOUND', `There is no routine run ${id}.`);
    return toRoutineRun(run, await manager.getRepository(RoutineItemRow).findBy({ runId: id }));
  }

  /** The newest run of `kind` (with this trigger, if given), finished or not. */
  latest(kind: RoutineKind, trigger?: RoutineTrigger): Promise<RoutineRunRow | null> {
    return this.dataSource.getRepository(RoutineRunRow).findOne({
      where: { kind, ...(trigger ? { trigger } : {}) },
      order: { id: 'DESC' },
    });
  }

  latestFinished(kind: RoutineKind): Promise<RoutineRunRow | null> {
    return this.dataSource
      .getRepository(RoutineRunRow)
      .findOne({ where: { kind, status: Not('running') }, order: { id: 'DESC' } });
  }

  private async withItems(runs: RoutineRunRow[]): Promise<RoutineRun[]> {
    if (runs.length === 0) return [];
    const items = await this.dataSource
      .getRepository(RoutineItemRow)
      .findBy({ runId: In(runs.map((run) => run.id)) });
    return runs.map((run) =>
      toRoutineRun(
        run,
        items.filter((item) => item.runId === run.id),
      ),
    );
  }
}

/**
 * Inside a transaction: writes the run's row so PostgreSQL locks it until commit, and concurrent
 * ticks or acknowledgements of one run take turns (SQLite transactions are exclusive anyway).
 * Returns the run, or throws NOT_FOUND.
 */
export async function lockRun(manager: EntityManager, id: number): Promise<RoutineRunRow> {
  const [sql, parameters] = manager.connection.driver.escapeQueryWithParameters(
    'UPDATE routine_runs SET id = id WHERE id = :id',
    { id },
  );
  await manager.query(sql, parameters);
  const run = await manager.getRepository(RoutineRunRow).findOneBy({ id });
  if (!run) throw new AppError('NOT_FOUND', `There is no routine run ${id}.`);
  return run;
}

function parseFilter(raw: Record<string, unknown>): RoutineRunFilter {
  const result = routineRunFilterSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', 'The filter parameter has missing or invalid fields.', {
    fields: result.error.issues.map((issue) => ({
      path: ['filter', ...issue.path].join('.'),
      message: issue.message,
    })),
  });
}
