import { Injectable } from '@nestjs/common';
import type { CreateSummary, SummaryJob } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { SummaryCache } from './summary-cache.js';
import { SummaryJobStore } from './summary-job-store.js';
import { SummaryQueue } from './summary-queue.js';
import { SummaryRunner } from './summary-runner.js';

/**
 * Summaries somebody asks for (REST, `/summary`, the chat client): the permission, what the
 * request covers, the cached or extractive answer at once, else a place in the queue within the
 * per-user hourly limit; every request audited.
 */
@Injectable()
export class SummaryJobsService {
  constructor(
    private readonly runner: SummaryRunner,
    private readonly cache: SummaryCache,
    private readonly queue: SummaryQueue,
    private readonly store: SummaryJobStore,
    private readonly audit: AuditService,
  ) {}

  async request(
    actor: Actor,
    roomId: number,
    input: CreateSummary,
  ): Promise<{ jobId: string; position: number }> {
    try {
      const answer = await this.queueOrAnswer(actor, roomId, input);
      await this.audited(actor, roomId, 'success', { jobId: answer.jobId, ...answer.details });
      return { jobId: answer.jobId, position: answer.position };
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      await this.audited(actor, roomId, code === 'FORBIDDEN' ? 'denied' : 'failure', {
        ...input,
        errorCode: code,
      });
      throw error;
    }
  }

  get(actor: Actor, jobId: string): Promise<SummaryJob> {
    return this.store.read(actor, jobId);
  }

  async list(actor: Actor, roomId: number): Promise<{ summaries: SummaryJob[] }> {
    return { summaries: await this.store.list(actor, roomId) };
  }

  async cancel(actor: Actor, jobId: string): Promise<void> {
    const job = this.store.own(actor, jobId);
    await this.queue.cancel(job);
    await this.audit.record({
      actor,
      action: 'summary.cancelled',
      target: `room:${job.roomId}`,
      outcome: 'success',
      details: { jobId },
    });
  }

  counts(): { queued: number; running: number } {
    return this.queue.counts();
  }

  private async queueOrAnswer(actor: Actor, roomId: number, input: CreateSummary) {
    if (!actor.permissions.has('ai.summarize'))
      throw new AppError('FORBIDDEN', 'Summaries need the ai.summarize permission.');
    const selection = await this.runner.select(actor, roomId, input, new Date());
    const details = {
      lastMessages: selection.lastMessages,
      afterId: selection.afterId,
      ...(selection.since && { since: selection.since.toISOString(), until: selection.until?.toISOString() }),
    };
    const job = () => this.store.create({ actor, roomId, selection, trigger: 'on-demand' });
    if (input.extractive) {
      // Local and cheap: no queue, no hourly limit; there for when the AI is not.
      const result = await this.runner.extract(roomId, selection);
      const done = job();
      done.view = {
        ...done.view,
        kind: 'extractive',
        model: 'none',
        status: 'done',
        finishedAt: now(),
        ...result,
      };
      await this.store.finish(done);
      return { jobId: done.id, position: 0, details: { ...details, extractive: true } };
    }
    const range = await this.runner.range(roomId, selection);
    const cached = range && this.cache.get({ roomId, model: this.store.model, ...range });
    if (cached) {
      // No model call: costs no turn of the hourly limit and skips the queue.
      const done = job();
      done.view = { ...done.view, status: 'done', cached: true, finishedAt: now(), ...cached };
      await this.store.finish(done);
      return { jobId: done.id, position: 0, details: { ...details, model: done.model, cached: true } };
    }
    const queued = job();
    const position = (await this.queue.add(queued)) ?? 0;
    return { jobId: queued.id, position, details: { ...details, model: queued.model } };
  }

  private audited(
    actor: Actor,
    roomId: number,
    outcome: 'success' | 'denied' | 'failure',
    details: Record<string, unknown>,
  ) {
    return this.audit.record({
      actor,
      action: 'summary.requested',
      target: `room:${roomId}`,
      outcome,
      details,
    });
  }
}

const now = () => new Date().toISOString();
