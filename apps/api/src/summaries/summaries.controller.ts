import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type AiStatus,
  type CreateSummary,
  type RoomDigest,
  summaryRoutes,
  type SummaryJob,
  type UpdateRoomDigest,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { AiStatusService } from './ai-status.service.js';
import { RoomDigestService } from './room-digests.service.js';
import { SummaryJobsService } from './summary-jobs.service.js';

@ApiTags('summaries')
@ApiBearerAuth()
@Controller()
export class SummariesController {
  constructor(
    private readonly jobs: SummaryJobsService,
    private readonly status: AiStatusService,
    private readonly digests: RoomDigestService,
  ) {}

  // The permission is checked (and a refusal audited) by the service, like the /summary command.
  @Route(summaryRoutes.create)
  create(@CurrentActor() actor: Actor, @Param('id') roomId: number, @Body() body: CreateSummary) {
    return this.jobs.request(actor, roomId, body);
  }

  @Route(summaryRoutes.list)
  list(@CurrentActor() actor: Actor, @Param('id') roomId: number): Promise<{ summaries: SummaryJob[] }> {
    return this.jobs.list(actor, roomId);
  }

  @Route(summaryRoutes.get)
  get(@CurrentActor() actor: Actor, @Param('jobId') jobId: string): Promise<SummaryJob> {
    return this.jobs.get(actor, jobId);
  }

  @Route(summaryRoutes.digest)
  digest(@CurrentActor() actor: Actor, @Param('id') roomId: number): Promise<RoomDigest> {
    return this.digests.get(actor, roomId);
  }

  @Route(summaryRoutes.setDigest)
  setDigest(
    @CurrentActor() actor: Actor,
    @Param('id') roomId: number,
    @Body() body: UpdateRoomDigest,
  ): Promise<RoomDigest> {
    return this.digests.set(actor, roomId, body);
  }

  @Route(summaryRoutes.cancel)
  cancel(@CurrentActor() actor: Actor, @Param('jobId') jobId: string): Promise<void> {
    return this.jobs.cancel(actor, jobId);
  }

  @Route(summaryRoutes.status)
  @RequirePermissions('monitoring.read')
  aiStatus(): Promise<AiStatus> {
    return this.status.status();
  }
}
