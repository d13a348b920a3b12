import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError } from '../common/app-error.js';
import { AppEvents } from '../common/app-events.js';
import { LOGGER } from '../logging/logger.token.js';
import { SettingsService } from '../settings/settings.service.js';
import { AI_SUMMARY_LIMITS } from './ai-settings.js';
import { SummaryExecutor } from './summary-executor.js';
import { isFinished, type JobRecord } from './summary-job.js';
import { fail, SummaryJobStore } from './summary-job-store.js';

/**
 * Two queues, one concurrency limit: a job somebody asked for always runs before an automatic one
 * (catch-up, digest), and takes the place of an automatic job that is running when no slot is
 * free (that one goes back to the head of its queue). Each queue holds at most `maxQueue` jobs.
 */
@Injectable()
export class SummaryQueue implements OnModuleInit, OnModuleDestroy {
  private readonly waiting: Record<JobRecord['priority'], JobRecord[]> = { normal: [], low: [] };
  private readonly running = new Set<JobRecord>();
  private readonly turns = new HourlyTurns();
  private unsubscribe?: () => void;

  constructor(
    private readonly settings: SettingsService,
    private readonly executor: SummaryExecutor,
    private readonly store: SummaryJobStore,
    private readonly events: AppEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // Leaving the room (or being removed) ends the interest in its summary.
    this.unsubscribe = this.events.on('room.member.left', ({ roomId, userId }) => {
      for (const job of this.store.liveJobs()) {
        if (job.roomId === roomId && job.userId === userId) void this.cancel(job);
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const job of this.running) job.controller.abort();
  }

  /**
   * Queues a job and returns its place (0: running already). An on-demand job over the limits is
   * refused (`UNAVAILABLE` when the queue is full, `RATE_LIMITED` past the requester's hourly
   * turns); an automatic one is dropped (returns null): it is not worth an error.
   */
  async add(job: JobRecord): Promise<number | null> {
    const limits = await this.settings.get(AI_SUMMARY_LIMITS);
    const queue = this.waiting[job.priority];
    try {
      if (queue.length >= limits.maxQueue) {
        if (job.priority === 'low') {
          this.logger.warn(
            { roomId: job.roomId, trigger: job.trigger },
            'automatic summary dropped: queue full',
          );
          this.store.discard(job);
          return null;
        }
        throw new AppError(
          'UNAVAILABLE',
          'Too many summaries are waiting; try again in a few minutes.',
          undefined,
          {
            'Retry-After': '60',
          },
        );
      }
      // Counted only for jobs that get a place: a full queue does not cost the requester a turn.
      if (job.priority === 'normal' && job.userId !== null)
        this.turns.take(job.userId, limits.requestsPerHour);
    } catch (error) {
      this.store.discard(job);
      throw error;
    }
    queue.push(job);
    this.saveQuietly(job);
    if (job.priority === 'normal' && this.running.size >= limits.concurrency) this.preemptAutomatic();
    this.pump(limits.concurrency);
    return job.view.status === 'queued' ? (job.view.position ?? 0) : 0;
  }

  async cancel(job: JobRecord): Promise<void> {
    if (isFinished(job)) return;
    const queue = this.waiting[job.priority];
    const index = queue.indexOf(job);
    if (index >= 0) {
      queue.splice(index, 1);
      job.view = fail(job.view, 'CANCELLED', 'The summary was cancelled.');
      this.announcePositions();
      await this.store.finish(job);
    }
    // A running job ends through its pipeline, which sees the aborted signal.
    job.controller.abort();
  }

  counts(): { queued: number; running: number; automatic: number } {
    return {
      queued: this.waiting.normal.length + this.waiting.low.length,
      running: this.running.size,
      automatic: this.waiting.low.length,
    };
  }

  private preemptAutomatic(): void {
    const victim = [...this.running].find((job) => job.priority === 'low' && !job.preempted);
    if (!victim) return;
    victim.preempted = true;
    victim.controller.abort();
  }

  private pump(concurrency: number): void {
    while (this.running.size < concurrency) {
      const job = this.waiting.normal.shift() ?? this.waiting.low.shift();
      if (!job) break;
      this.running.add(job);
      void this.run(job).finally(() => {
        this.running.delete(job);
        void this.settings
          .get(AI_SUMMARY_LIMITS)
          .then((limits) => this.pump(limits.concurrency))
          .catch((error: unknown) => this.logger.error({ err: error }, 'summary queue stalled'));
      });
    }
    this.announcePositions();
  }

  private async run(job: JobRecord): Promise<void> {
    try {
      await this.runToEnd(job);
    } catch (error) {
      // Only the database can fail here (saving the job); the job's own faults are its failure.
      this.logger.error({ err: error, jobId: job.id }, 'summary job could not be stored');
    }
  }

  private async runToEnd(job: JobRecord): Promise<void> {
    job.view = { ...job.view, status: 'running', position: undefined };
    this.store.progress(job);
    // Not awaited: the model call need not wait for a disk write that only another instance reads.
    this.store
      .save(job)
      .catch((error: unknown) =>
        this.logger.error({ err: error, jobId: job.id }, 'summary job could not be stored'),
      );
    const ended = await this.executor.execute(job, (partial) => this.store.progress(job, { partial }));
    if (!ended) {
      // Preempted: back to the head of its queue with a fresh signal, as if it had not started.
      job.preempted = false;
      job.controller = new AbortController();
      job.view = { ...job.view, status: 'queued' };
      this.waiting[job.priority].unshift(job);
      await this.store.save(job);
      return;
    }
    await this.store.finish(job);
  }

  /**
   * Not awaited: the job need not wait for a disk write that only another instance (or a later
   * restart) reads; the store keeps one job's writes in order, and its end is always awaited.
   */
  private saveQuietly(job: JobRecord): void {
    this.store
      .save(job)
      .catch((error: unknown) =>
        this.logger.error({ err: error, jobId: job.id }, 'summary job could not be stored'),
      );
  }

  private announcePositions(): void {
    const all = [...this.waiting.normal, ...this.waiting.low];
    all.forEach((job, index) => {
      if (job.view.position === index + 1) return;
      job.view = { ...job.view, position: index + 1 };
      this.store.progress(job);
    });
  }
}

/** Each user's on-demand requests of the last hour. */
class HourlyTurns {
  private readonly taken = new Map<number, number[]>();

  take(userId: number, perHour: number): void {
    const now = Date.now();
    const recent = (this.taken.get(userId) ?? []).filter((at) => now - at < 3_600_000);
    if (recent.length >= perHour) {
      const retry = Math.ceil((recent[0]! + 3_600_000 - now) / 1000);
      throw new AppError(
        'RATE_LIMITED',
        `You may ask for ${perHour} summaries an hour.`,
        { retryAfterSeconds: retry },
        { 'Retry-After': String(retry) },
      );
    }
    recent.push(now);
    this.taken.set(userId, recent);
  }
}
