import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  retentionRoutes,
  type RetentionPolicy,
  type RetentionPreview,
  type RetentionPreviewQuery,
  type RetentionRun,
  type RetentionRunResult,
  type RoomRetention,
  type RoomRetentionCreate,
  type RoomRetentionUpdate,
  consoleResources,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
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

  @RaList(consoleResources.retentionRuns)
  runs(@ListParams() list: ListRequest): Promise<Page<RetentionRun>> {
    return this.retention.listRuns(list);
  }

  @Route(retentionRoutes.getRun)
  getRun(@Param('id') id: number): Promise<RetentionRun> {
    return this.retention.runs.get(id);
  }

  @RaList(consoleResources.retentionRooms)
  listRooms(@ListParams() list: ListRequest): Promise<Page<RoomRetention>> {
    return this.rooms.list(list);
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
