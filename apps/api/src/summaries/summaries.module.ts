import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { RoomAccessModule } from '../rooms/room-access.module.js';
import { AiStatusService } from './ai-status.service.js';
import { AiOutcomes } from './ai-outcomes.js';
import { SummariesController } from './summaries.controller.js';
import { SummaryCache } from './summary-cache.js';
import { SummaryCommand } from './summary-command.js';
import { SummaryJobsService } from './summary-jobs.service.js';
import { SummaryRunner } from './summary-runner.js';
import { AutomaticSummaries } from './automatic-summaries.service.js';
import { DigestScheduler } from './digest-scheduler.service.js';
import { RoomDigestService } from './room-digests.service.js';
import { SummaryExecutor } from './summary-executor.js';
import { SummaryJobStore } from './summary-job-store.js';
import { SummaryQueue } from './summary-queue.js';

/** AI summaries through the local Ollama (issue 14): REST, `/summary`, the queue and the status page. */
@Module({
  imports: [RoomAccessModule, CommandsModule, MonitoringModule],
  controllers: [SummariesController],
  providers: [
    SummaryJobsService,
    SummaryQueue,
    SummaryExecutor,
    SummaryJobStore,
    SummaryCache,
    SummaryRunner,
    AutomaticSummaries,
    RoomDigestService,
    DigestScheduler,
    AiStatusService,
    AiOutcomes,
    SummaryCommand,
  ],
  // Diagnostics' "AI not answering" page and the daily routine read the status.
  exports: [AiStatusService],
})
export class SummariesModule {}
