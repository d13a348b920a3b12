import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { CreateSummary, SummaryJob } from '@atrio/protocol';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { AppEvents } from '../common/app-events.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { AuditService } from '../audit/audit.service.js';
import { LOGGER } from '../logging/logger.token.js';
import { SettingsService } from '../settings/settings.service.js';
import type { Logger } from 'pino';
import { AI_SUMMARY_LIMITS } from './ai-settings.js';
import { AiOutcomes } from './ai-outcomes.js';
import type { JobRecord } from './summary-job.js';
import { SummaryCache } from './summary-cache.js';
import { SummaryRunner } from './summary-runner.js';
import { SummaryFailure } from './summary-failure.js';

const KEEP_FINISHED_MS = 60 * 60_000;
const PARTIAL_EVERY_MS = 250;

/**
 * The on-demand queue: bounded, a global concurrency limit, a per-user hourly limit; the
 * requester follows their job by REST or by `summary:progress` / `summary:ready` on their sockets.
 */
@Injectable()
export class SummaryJobsService implements OnModuleInit, OnModuleDestroy {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: JobRecord[] = [];
  private running = 0;
  private readonly requests = new Map<number, number[]>();
  private unsubscribe?: () => void;

  constructor(
    private readonly runner: SummaryRunner,
    private readonly cache: SummaryCache,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly events: AppEvents,
    private readonly outcomes: AiOutcomes,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'aiModel'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // Leaving the room (or being removed) ends the interest in its summary.
    this.unsubscribe = this.events.on('room.member.left', ({ roomId, userId }) => {
      for (const job of this.jobs.values()) {
        if (job.roomId === roomId && job.userId === userId) this.abort(job);
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const job of this.jobs.values()) job.controller.abort();
  }

  async request(
    actor: Actor,
    roomId: number,
    input: CreateSummary,
  ): Promise<{ jobId: string; position: number }> {
    const target = `room:${roomId}`;
    try {
      if (!actor.permissions.has('ai.summarize'))
        throw new AppError('FORBIDDEN', 'Summaries need the ai.summarize permission.');
      const selection = await this.runner.select(actor, roomId, input);
      if (input.extractive) {
        // Local and cheap: no queue, no hourly limit; there for when the AI is not.
        const result = await this.runner.extract(roomId, selection.lastMessages, selection.afterId);
        const job = this.create(actor, roomId, selection);
        job.view = {
          ...job.view,
          kind: 'extractive',
          model: 'none',
          status: 'done',
          finishedAt: new Date().toISOString(),
          ...result,
        };
        await this.audit.record({
          actor,
          action: 'summary.requested',
          target,
          outcome: 'success',
          details: { jobId: job.id, ...selection, extractive: true },
        });
        this.ready(job);
        return { jobId: job.id, position: 0 };
      }
      const range = await this.runner.range(roomId, selection.lastMessages, selection.afterId);
      const cached = range && this.cache.get({ roomId, model: this.config.aiModel, ...range });
      if (cached) {
        // No model call: costs no turn of the hourly limit and skips the queue.
        const job = this.create(actor, roomId, selection);
        job.view = {
          ...job.view,
          status: 'done',
          cached: true,
          finishedAt: new Date().toISOString(),
          ...cached,
        };
        await this.audit.record({
          actor,
          action: 'summary.requested',
          target,
          outcome: 'success',
          details: { jobId: job.id, ...selection, model: job.model, cached: true },
        });
        this.ready(job);
        return { jobId: job.id, position: 0 };
      }
      // A cached answer needs no room in the queue, so the queue is judged only now.
      const limits = await this.settings.get(AI_SUMMARY_LIMITS);
      if (this.queue.length >= limits.maxQueue) {
        throw new AppError(
          'UNAVAILABLE',
          'Too many summaries are waiting; try again in a few minutes.',
          undefined,
          { 'Retry-After': '60' },
        );
      }
      // Counted only for requests that are queued: a full queue does not cost the caller a turn.
      this.takeRequest(actor.userId, limits.requestsPerHour);
      const job = this.create(actor, roomId, selection);
      this.queue.push(job);
      const position = this.queue.length;
      await this.audit.record({
        actor,
        action: 'summary.requested',
        target,
        outcome: 'success',
        details: { jobId: job.id, ...selection, model: job.model },
      });
      this.pump(limits.concurrency);
      return { jobId: job.id, position: job.view.status === 'queued' ? position : 0 };
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      await this.audit.record({
        actor,
        action: 'summary.requested',
        target,
        outcome: code === 'FORBIDDEN' ? 'denied' : 'failure',
        details: { ...input, errorCode: code },
      });
      throw error;
    }
  }

  get(actor: Actor, jobId: string): SummaryJob {
    return this.own(actor, jobId).view;
  }

  async cancel(actor: Actor, jobId: string): Promise<void> {
    const job = this.own(actor, jobId);
    this.abort(job);
    await this.audit.record({
      actor,
      action: 'summary.cancelled',
      target: `room:${job.roomId}`,
      outcome: 'success',
      details: { jobId },
    });
  }

  counts(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.running };
  }

  private own(actor: Actor, jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    // Someone else's job is as unknown as a missing one.
    if (!job || job.userId !== actor.userId) throw new AppError('NOT_FOUND', 'There is no such summary job.');
    return job;
  }

  private create(
    actor: Actor,
    roomId: number,
    selection: { lastMessages: number; afterId: number },
  ): JobRecord {
    const id = randomUUID();
    const createdAt = new Date();
    const model = this.config.aiModel;
    const job: JobRecord = {
      id,
      userId: actor.userId,
      actor,
      roomId,
      ...selection,
      model,
      createdAt,
      controller: new AbortController(),
      view: { id, roomId, kind: 'ai', status: 'queued', model, createdAt: createdAt.toISOString() },
    };
    this.jobs.set(id, job);
    this.forgetOld();
    return job;
  }

  private takeRequest(userId: number, perHour: number): void {
    const now = Date.now();
    const recent = (this.requests.get(userId) ?? []).filter((at) => now - at < 3_600_000);
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
    this.requests.set(userId, recent);
  }

  private abort(job: JobRecord): void {
    if (job.view.status === 'done' || job.view.status === 'failed') return;
    const index = this.queue.indexOf(job);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.finish(job, new SummaryFailure('CANCELLED', 'The summary was cancelled.'));
      this.announcePositions();
    }
    // A running job ends through its pipeline, which sees the aborted signal.
    job.controller.abort();
  }

  private pump(concurrency: number): void {
    while (this.running < concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running += 1;
      void this.run(job).finally(() => {
        this.running -= 1;
        void this.settings.get(AI_SUMMARY_LIMITS).then((limits) => this.pump(limits.concurrency));
      });
    }
    this.announcePositions();
  }

  private async run(job: JobRecord): Promise<void> {
    job.startedAt = performance.now();
    job.view = { ...job.view, status: 'running', position: undefined };
    this.progress(job, {});
    let lastPartial = 0;
    try {
      const result = await this.runner.run(job, (text) => {
        const now = Date.now();
        if (now - lastPartial < PARTIAL_EVERY_MS) return;
        lastPartial = now;
        this.progress(job, { partial: text });
      });
      job.view = { ...job.view, status: 'done', finishedAt: new Date().toISOString(), ...result };
      if (result.coverage) {
        const { firstMessageId, lastMessageId, count } = result.coverage;
        this.cache.set(
          { roomId: job.roomId, model: job.model, firstMessageId, lastMessageId, count },
          result,
        );
      }
      this.outcomes.done(this.seconds(job));
      this.ready(job);
    } catch (error) {
      const failure =
        error instanceof SummaryFailure
          ? error
          : job.controller.signal.aborted
            ? new SummaryFailure('CANCELLED', 'The summary was cancelled.')
            : error instanceof AppError && error.code === 'FORBIDDEN'
              ? new SummaryFailure('CANCELLED', 'You can no longer read this room.')
              : new SummaryFailure(
                  'INTERNAL',
                  'The summary failed because of an error in the server (see its log).',
                );
      if (failure.code === 'INTERNAL') this.logger.error({ err: error, jobId: job.id }, 'summary job failed');
      this.outcomes.failed(failure.code, this.seconds(job));
      this.finish(job, failure);
    }
  }

  private finish(job: JobRecord, failure: SummaryFailure): void {
    job.view = {
      ...job.view,
      status: 'failed',
      position: undefined,
      finishedAt: new Date().toISOString(),
      error: { code: failure.code, message: failure.message },
    };
    this.ready(job);
  }

  private ready(job: JobRecord): void {
    this.events.emit('summary.ready', { userId: job.userId, roomId: job.roomId, jobId: job.id });
  }

  private progress(job: JobRecord, extra: { partial?: string }): void {
    const status = job.view.status;
    if (status !== 'queued' && status !== 'running') return;
    this.events.emit('summary.progress', {
      userId: job.userId,
      jobId: job.id,
      roomId: job.roomId,
      status,
      position: job.view.position,
      ...extra,
    });
  }

  private announcePositions(): void {
    this.queue.forEach((job, index) => {
      if (job.view.position === index + 1) return;
      job.view = { ...job.view, position: index + 1 };
      this.progress(job, {});
    });
  }

  private seconds(job: JobRecord): number {
    return job.startedAt === undefined ? 0 : (performance.now() - job.startedAt) / 1000;
  }

  private forgetOld(): void {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of this.jobs) {
      if ((job.view.status === 'done' || job.view.status === 'failed') && job.createdAt.getTime() < cutoff)
        this.jobs.delete(id);
    }
  }
}
