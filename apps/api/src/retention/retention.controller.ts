import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  retentionRoutes,
  type ListQuery,
  type RetentionPolicy,
  type RetentionPreview,
  type RetentionPreviewQuery,
  type RetentionRun,
  type RetentionRunResult,
  type RoomRetention,
  type RoomRetentionCreate,
  type RoomRetentionUpdate,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
import { Route } from '../common/route.decorator.js';
import { RetentionService } from './retention.service.js';
import { RoomRetentionService } from './room-retention.service.js';

/** Retention deletes data for good: the same permission as changing any other setting. */
@ApiTags('retention')
@ApiBearerAuth()
@RequirePermissions('settings.manage')
@Controller()
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly rooms: RoomRetentionService,
  ) {}

  @Route(retentionRoutes.policy)
  policy(): Promise<RetentionPolicy> {
    return this.retention.policy();
  }

  @Route(retentionRoutes.setPolicy)
  setPolicy(@CurrentActor() actor: Actor, @Body() body: RetentionPolicy): Promise<RetentionPolicy> {
    return this.retention.setPolicy(actor, body);
  }

  @Route(retentionRoutes.preview)
  preview(@Query() query: RetentionPreviewQuery): Promise<RetentionPreview> {
    return this.retention.preview(query.at === undefined ? undefined : new Date(query.at));
  }

  @Route(retentionRoutes.run)
  run(@CurrentActor() actor: Actor): Promise<RetentionRunResult> {
    return this.retention.run(actor);
  }

  @Route(retentionRoutes.runs)
  async runs(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RetentionRun[]> {
    const page = await this.retention.listRuns(query);
    setContentRange(response, 'retention/runs', page.request, page.items.length, page.total);
    return page.items;
  }

  @Route(retentionRoutes.getRun)
  getRun(@Param('id') id: number): Promise<RetentionRun> {
    return this.retention.runs.get(id);
  }

  @Route(retentionRoutes.rooms)
  async listRooms(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoomRetention[]> {
    const page = await this.rooms.list(query);
    setContentRange(response, 'retention/rooms', page.request, page.items.length, page.total);
    return page.items;
  }

  @Route(retentionRoutes.getRoom)
  getRoom(@Param('id') roomId: number): Promise<RoomRetention> {
    return this.rooms.get(roomId);
  }

  @Route(retentionRoutes.createRoom)
  createRoom(@CurrentActor() actor: Actor, @Body() body: RoomRetentionCreate): Promise<RoomRetention> {
    return this.rooms.create(actor, body);
  }

  @Route(retentionRoutes.putRoom)
  putRoom(
    @CurrentActor() actor: Actor,
    @Param('id') roomId: number,
    @Body() body: RoomRetentionUpdate,
  ): Promise<RoomRetention> {
    return this.rooms.put(actor, roomId, body);
  }

  @Route(retentionRoutes.removeRoom)
  removeRoom(@CurrentActor() actor: Actor, @Param('id') roomId: number): Promise<void> {
    return this.rooms.remove(actor, roomId);
  }
}
