import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError } from '../common/app-error.js';
import { LOGGER } from '../logging/logger.token.js';
import { AiOutcomes } from './ai-outcomes.js';
import { SummaryCache } from './summary-cache.js';
import type { JobRecord } from './summary-job.js';
import { fail } from './summary-job-store.js';
import { SummaryFailure } from './summary-failure.js';
import { SummaryRunner } from './summary-runner.js';

const PARTIAL_EVERY_MS = 250;

/** Runs one job to its end, done or failed with a stated reason; never throws. */
@Injectable()
export class SummaryExecutor {
  constructor(
    private readonly runner: SummaryRunner,
    private readonly cache: SummaryCache,
    private readonly outcomes: AiOutcomes,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `onText` hears the model's text so far, at most every 250 ms. Returns false when preempted. */
  async execute(job: JobRecord, onText: (text: string) => void): Promise<boolean> {
    job.startedAt = performance.now();
    let lastPartial = 0;
    try {
      const result = await this.runner.run(job, (text) => {
        const now = Date.now();
        if (now - lastPartial < PARTIAL_EVERY_MS) return;
        lastPartial = now;
        onText(text);
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
      return true;
    } catch (error) {
      if (job.preempted) return false;
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
      job.view = fail(job.view, failure.code, failure.message);
      return true;
    }
  }

  private seconds(job: JobRecord): number {
    return job.startedAt === undefined ? 0 : (performance.now() - job.startedAt) / 1000;
  }
}
