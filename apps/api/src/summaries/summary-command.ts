import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { CommandRegistry } from '../commands/command-registry.service.js';
import { SummaryJobsService } from './summary-jobs.service.js';

/** `/summary [n]`: queues the same job as the REST call; the result comes as `summary:ready`. */
@Injectable()
export class SummaryCommand implements OnModuleInit {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly jobs: SummaryJobsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'summary',
      usage: '/summary [n]',
      description: 'Summarise the last n messages (default 100, at most 1000) with the local AI',
      permission: 'ai.summarize',
      run: async ({ actor, roomId, args }) => {
        const n = args === '' ? 100 : Number(args);
        if (!/^\d{1,4}$/.test(args === '' ? '100' : args) || n < 1 || n > 1000) {
          throw new AppError('VALIDATION_FAILED', 'Usage: /summary [n], n from 1 to 1000.');
        }
        const { jobId, position } = await this.jobs.request(actor, roomId, { lastMessages: n });
        return {
          notice:
            position > 0
              ? `Summary of the last ${n} messages queued (position ${position}); it will appear when ready. Job ${jobId}.`
              : `Summarising the last ${n} messages; it will appear when ready. Job ${jobId}.`,
        };
      },
    });
  }
}
