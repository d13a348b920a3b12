import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ROUTINE_KINDS, type RoutineRun } from '@atrio/protocol';
import type { Logger } from 'pino';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { MinuteJob } from '../common/minute-ticker.js';
import { LOGGER } from '../logging/logger.token.js';
import { SettingsService } from '../settings/settings.service.js';
import { MAINTENANCE_SCHEDULE } from './maintenance-settings.js';
import { isRoutineDue } from './routine-schedule.js';
import { RoutinesService } from './routines.service.js';

/**
 * Runs the routines on their own when due (setting maintenance.schedule); checks once a minute,
 * tests call tick() after moving the clock. A fresh install waits for the first slot after it
 * started rather than running everything at once.
 */
@Injectable()
export class RoutineScheduler extends MinuteJob {
  private running: Promise<RoutineRun[]> | undefined;
  private readonly startedAt: Date;

  constructor(
    private readonly routines: RoutinesService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    http: HttpAdapterHost,
  ) {
    super(http, logger, 'scheduled routines');
    this.startedAt = clock.now();
  }

  /** Runs every routine that is due, one after another; a tick while they run waits for them. */
  tick(): Promise<RoutineRun[]> {
    this.running ??= this.runDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runDue(): Promise<RoutineRun[]> {
    const schedule = await this.settings.get(MAINTENANCE_SCHEDULE);
    const runs: RoutineRun[] = [];
    for (const kind of ROUTINE_KINDS) {
      const last = (await this.routines.lastScheduledStart(kind)) ?? this.startedAt;
      if (!isRoutineDue(kind, schedule, this.clock.now(), last)) continue;
      try {
        const run = await this.routines.run(null, kind, 'scheduled');
        runs.push(run);
        if (run.checksStatus === 'failed') {
          const failed = run.items.filter((item) => item.status === 'failed').map((item) => item.itemId);
          this.logger.warn({ runId: run.id, kind, failed }, 'maintenance routine raised an alert');
        }
      } catch (error) {
        // Busy with a run someone started by hand: the routine is still due at the next tick.
        if (error instanceof AppError && error.code === 'CONFLICT') {
          this.logger.warn({ kind }, 'scheduled routine postponed: another routine is running');
        } else {
          throw error;
        }
      }
    }
    return runs;
  }
}
