import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ROUTINE_KINDS, type RoutineAlert, type RoutineRun } from '@atrio/protocol';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { MonitoringMetrics } from '../monitoring/monitoring-metrics.service.js';
import { lazyService } from './checks/lazy-service.js';
import { findItemDefinition } from './routine-definitions.js';
import { RoutineItemRow } from './routine-item.entity.js';
import { RoutineRunRow } from './routine-run.entity.js';
import { messageTextOf } from './routine-run.mapper.js';
import { lockRun, RoutineRunQueries } from './routine-run-queries.js';

/**
 * The alert state: a routine is in alert while its latest finished run has a failed check that
 * nobody acknowledged. A later run that passes (or fails anew) supersedes it.
 */
@Injectable()
export class RoutineAlertsService implements OnModuleInit {
  private readonly queries: RoutineRunQueries;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
  ) {
    this.queries = new RoutineRunQueries(dataSource);
  }

  /** Exposed on /metrics as atrio_maintenance_alert{routine}; the CLI has no metrics to add it to. */
  onModuleInit(): void {
    const metrics = lazyService(this.moduleRef, MonitoringMetrics)();
    if (!metrics) return;
    const open = () => this.list();
    new Gauge({
      name: 'atrio_maintenance_alert',
      help: '1 while the latest run of the routine has a failed check nobody acknowledged, else 0.',
      labelNames: ['routine'],
      registers: [metrics.registry],
      async collect() {
        const alerts = await open();
        for (const routine of ROUTINE_KINDS)
          this.set({ routine }, alerts.some((a) => a.kind === routine) ? 1 : 0);
      },
    });
  }

  async list(): Promise<RoutineAlert[]> {
    const alerts: RoutineAlert[] = [];
    for (const kind of ROUTINE_KINDS) {
      const run = await this.queries.latestFinished(kind);
      if (run && isOpenAlert(run)) alerts.push(await this.toAlert(run));
    }
    return alerts;
  }

  /** Someone has seen the failure and is on it: the alert ends without waiting for the next run. Audited. */
  async acknowledge(actor: Actor, runId: number, comment: string | undefined): Promise<RoutineRun> {
    const run = await this.dataSource.transaction(async (manager) => {
      const row = await lockRun(manager, runId);
      const latest = await this.queries.latestFinished(row.kind);
      if (!isOpenAlert(row) || latest?.id !== row.id) {
        throw new AppError('CONFLICT', `Run ${runId} is not an open alert: ${whyNot(row, latest)}.`);
      }
      await manager.getRepository(RoutineRunRow).update(
        { id: runId },
        {
          acknowledgedBy: actor.userId,
          acknowledgedByName: actor.username,
          acknowledgedAt: this.clock.now(),
          acknowledgeComment: comment || null,
        },
      );
      return this.queries.get(runId, manager);
    });
    await this.audit.record({
      actor,
      action: 'routine.alert_acknowledged',
      target: `routine_run:${runId}`,
      outcome: 'success',
      details: { kind: run.kind, comment: comment ?? null },
    });
    return run;
  }

  private async toAlert(run: RoutineRunRow): Promise<RoutineAlert> {
    const failed = await this.dataSource
      .getRepository(RoutineItemRow)
      .find({ where: { runId: run.id, status: 'failed' }, order: { position: 'ASC' } });
    return {
      id: run.id,
      kind: run.kind,
      raisedAt: (run.finishedAt ?? run.startedAt).toISOString(),
      failedItems: failed.map((item) => ({
        itemId: item.itemId,
        title: findItemDefinition(run.kind, item.itemId)?.title ?? { en: item.itemId, es: item.itemId },
        message: item.message ?? '',
        messageText: messageTextOf(item),
      })),
    };
  }
}

function isOpenAlert(run: RoutineRunRow): boolean {
  return run.status !== 'running' && run.checksStatus === 'failed' && run.acknowledgedAt === null;
}

function whyNot(run: RoutineRunRow, latest: RoutineRunRow | null): string {
  if (run.status === 'running') return 'it is still running';
  if (run.checksStatus !== 'failed') return 'none of its checks failed';
  if (run.acknowledgedAt !== null) {
    return `${run.acknowledgedByName ?? 'someone'} acknowledged it at ${run.acknowledgedAt.toISOString()}`;
  }
  return `a later ${run.kind} run (${latest?.id ?? '?'}) replaced it`;
}
