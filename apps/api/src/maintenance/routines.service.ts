import { Inject, Injectable } from '@nestjs/common';
import {
  ROUTINE_KINDS,
  type RoutineDefinition,
  type RoutineKind,
  type RoutineRun,
  type RoutineTrigger,
} from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import type { CheckContext, RoutineCheck } from './checks/routine-check.js';
import { ROUTINE_CHECKS } from './checks/routine-check.js';
import type { Progress } from './database-maintenance.service.js';
import { ROUTINE_PERIOD_MS, ROUTINES } from './routine-definitions.js';
import { RoutineItemRow } from './routine-item.entity.js';
import { checksStatusOf, runStatusOf } from './routine-run.mapper.js';
import { RoutineRunRow } from './routine-run.entity.js';
import { lockRun, RoutineRunQueries } from './routine-run-queries.js';

type ItemOutcome = Pick<RoutineItemRow, 'status' | 'message' | 'messageEs' | 'figures' | 'durationMs'>;

/** Runs the maintenance routines, stores every run, and takes the ticks of their manual items. */
@Injectable()
export class RoutinesService {
  readonly queries: RoutineRunQueries;
  /** One routine at a time in this process: cleanup, verification and VACUUM must not overlap. */
  private running: RoutineKind | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ROUTINE_CHECKS) private readonly checks: RoutineCheck[],
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.queries = new RoutineRunQueries(dataSource);
  }

  definitions(): RoutineDefinition[] {
    return ROUTINE_KINDS.map((kind) => ROUTINES[kind]);
  }

  /** Runs every automatic check of the routine, in order, and stores the run; manual items start pending. */
  async run(
    actor: Actor | null,
    kind: RoutineKind,
    trigger: RoutineTrigger,
    onProgress?: Progress,
  ): Promise<RoutineRun> {
    if (this.running) {
      throw new AppError(
        'CONFLICT',
        `The ${this.running} routine is running; try again once it has finished.`,
      );
    }
    this.running = kind;
    try {
      return await this.runNow(actor, kind, trigger, onProgress);
    } finally {
      this.running = null;
    }
  }

  list(request: ListRequest): Promise<Page<RoutineRun>> {
    return this.queries.list(request);
  }

  get(id: number): Promise<RoutineRun> {
    return this.queries.get(id);
  }

  /** An administrator did a manual item; the run is complete once none is pending. Audited. */
  async tick(actor: Actor, runId: number, itemId: string, comment: string): Promise<RoutineRun> {
    const run = await this.dataSource.transaction(async (manager) => {
      const row = await lockRun(manager, runId);
      if (row.status === 'running') {
        throw new AppError('CONFLICT', `Run ${runId} is still running; tick its items once it has finished.`);
      }
      const items = manager.getRepository(RoutineItemRow);
      const item = await items.findOneBy({ runId, itemId });
      if (!item) throw new AppError('NOT_FOUND', `Run ${runId} (${row.kind}) has no item "${itemId}".`);
      if (item.type !== 'manual') {
        throw new AppError('CONFLICT', `"${itemId}" is an automatic check; only manual items are ticked.`);
      }
      if (item.tickedAt !== null) {
        throw new AppError(
          'CONFLICT',
          `"${itemId}" was already ticked by ${item.tickedByName ?? 'someone'} at ${item.tickedAt.toISOString()}.`,
        );
      }
      await items.update(
        { id: item.id },
        {
          status: 'done',
          tickedBy: actor.userId,
          tickedByName: actor.username,
          tickedAt: this.clock.now(),
          comment,
        },
      );
      const all = await items.findBy({ runId });
      const pending = all.filter((i) => i.status === 'pending').length;
      const status = runStatusOf(row.checksStatus ?? checksStatusOf(all), pending);
      await manager.getRepository(RoutineRunRow).update({ id: runId }, { status });
      return this.queries.get(runId, manager);
    });
    await this.audit.record({
      actor,
      action: 'routine.item_ticked',
      target: `routine_run:${runId}`,
      outcome: 'success',
      details: { kind: run.kind, itemId, comment, runStatus: run.status },
    });
    return run;
  }

  /** When the newest scheduled run of `kind` started, for the scheduler. */
  async lastScheduledStart(kind: RoutineKind): Promise<Date | null> {
    return (await this.queries.latest(kind, 'scheduled'))?.startedAt ?? null;
  }

  private async runNow(
    actor: Actor | null,
    kind: RoutineKind,
    trigger: RoutineTrigger,
    onProgress?: Progress,
  ): Promise<RoutineRun> {
    const definition = ROUTINES[kind];
    const now = this.clock.now();
    const previous = await this.queries.latest(kind);
    const context: CheckContext = {
      actor,
      kind,
      now,
      since: previous?.startedAt ?? new Date(now.getTime() - ROUTINE_PERIOD_MS[kind]),
    };
    const runs = this.dataSource.getRepository(RoutineRunRow);
    const inserted = await runs.insert({
      kind,
      trigger,
      startedBy: actor?.userId ?? null,
      startedByName: actor?.username ?? null,
      startedAt: now,
      finishedAt: null,
      status: 'running',
      checksStatus: null,
      acknowledgedBy: null,
      acknowledgedByName: null,
      acknowledgedAt: null,
      acknowledgeComment: null,
    });
    const runId = Number(inserted.identifiers[0]!.id);
    try {
      const done: Array<Pick<RoutineItemRow, 'type' | 'status' | 'itemId'>> = [];
      for (const [position, item] of definition.items.entries()) {
        onProgress?.(position, definition.items.length, item.title.en);
        const outcome: ItemOutcome =
          item.type === 'manual'
            ? { status: 'pending', message: null, messageEs: null, figures: '{}', durationMs: null }
            : await this.runCheck(item.id, context);
        await this.dataSource.getRepository(RoutineItemRow).insert({
          runId,
          position,
          itemId: item.id,
          type: item.type,
          ...outcome,
          tickedBy: null,
          tickedByName: null,
          tickedAt: null,
          comment: null,
        });
        done.push({ type: item.type, status: outcome.status, itemId: item.id });
      }
      onProgress?.(definition.items.length, definition.items.length, 'done');
      const checksStatus = checksStatusOf(done);
      const pending = done.filter((item) => item.status === 'pending').length;
      const status = runStatusOf(checksStatus, pending);
      await runs.update({ id: runId }, { finishedAt: this.clock.now(), status, checksStatus });
      await this.audit.record({
        actor,
        action: 'routine.completed',
        target: `routine_run:${runId}`,
        outcome: checksStatus === 'failed' ? 'failure' : 'success',
        details: {
          kind,
          trigger,
          status,
          failed: done.filter((i) => i.status === 'failed').map((i) => i.itemId),
          warnings: done.filter((i) => i.status === 'warning').map((i) => i.itemId),
        },
      });
    } catch (error) {
      // The run must not stay "running" forever: record it as failed, then let the caller know.
      await runs.update(
        { id: runId },
        { finishedAt: this.clock.now(), status: 'failed', checksStatus: 'failed' },
      );
      throw error;
    }
    return this.queries.get(runId);
  }

  /** A check that throws is a failed check, with the reason, never a failed run. */
  private async runCheck(id: string, context: CheckContext): Promise<ItemOutcome> {
    const check = this.checks.find((c) => c.id === id);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (!check) {
      return {
        status: 'failed',
        message: `No check is registered for "${id}".`,
        messageEs: `No hay ninguna comprobación registrada para «${id}».`,
        figures: '{}',
        durationMs: 0,
      };
    }
    try {
      const result = await check.run(context);
      return {
        status: result.status,
        message: result.message.en,
        messageEs: result.message.es,
        figures: JSON.stringify(result.figures),
        durationMs: elapsed(),
      };
    } catch (error) {
      const reason = error instanceof AppError || error instanceof Error ? error.message : String(error);
      return {
        status: 'failed',
        message: `The check could not run: ${reason}`,
        messageEs: `No se pudo ejecutar la comprobación: ${reason}`,
        figures: '{}',
        durationMs: elapsed(),
      };
    }
  }
}
