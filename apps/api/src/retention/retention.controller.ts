import { Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ListQuery,
  listQuerySchema,
  type RetentionPolicy,
  retentionPolicySchema,
  type RetentionPreview,
  type RetentionPreviewQuery,
  retentionPreviewQuerySchema,
  type RetentionRun,
  type RetentionRunResult,
  type RoomRetention,
  type RoomRetentionCreate,
  roomRetentionCreateSchema,
  type RoomRetentionUpdate,
  roomRetentionUpdateSchema,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { setContentRange } from '../common/ra-list.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { RetentionService } from './retention.service.js';
import { RoomRetentionService } from './room-retention.service.js';

/** Retention deletes data for good: the same permission as changing any other setting. */
@ApiTags('retention')
@ApiBearerAuth()
@RequirePermissions('settings.manage')
@Controller('admin/retention')
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly rooms: RoomRetentionService,
  ) {}

  @Get('policy')
  policy(): Promise<RetentionPolicy> {
    return this.retention.policy();
  }

  @Put('policy')
  @ApiZodBody(retentionPolicySchema)
  setPolicy(
    @CurrentActor() actor: Actor,
    @ValidBody(retentionPolicySchema) body: RetentionPolicy,
  ): Promise<RetentionPolicy> {
    return this.retention.setPolicy(actor, body);
  }

  @Get('preview')
  @ApiOkResponse({ description: 'What a run at `at` (default now) would delete' })
  preview(@ValidQuery(retentionPreviewQuerySchema) query: RetentionPreviewQuery): Promise<RetentionPreview> {
    return this.retention.preview(query.at === undefined ? undefined : new Date(query.at));
  }

  @Post('run')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The finished run with its counts; 409 while another run is in progress' })
  run(@CurrentActor() actor: Actor): Promise<RetentionRunResult> {
    return this.retention.run(actor);
  }

  @Get('runs')
  async runs(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RetentionRun[]> {
    const page = await this.retention.listRuns(query);
    setContentRange(response, 'retention/runs', page.request, page.items.length, page.total);
    return page.items;
  }

  @Get('runs/:id')
  getRun(@Param('id', IdPipe) id: number): Promise<RetentionRun> {
    return this.retention.runs.get(id);
  }

  @Get('rooms')
  async listRooms(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoomRetention[]> {
    const page = await this.rooms.list(query);
    setContentRange(response, 'retention/rooms', page.request, page.items.length, page.total);
    return page.items;
  }

  @Get('rooms/:id')
  getRoom(@Param('id', IdPipe) roomId: number): Promise<RoomRetention> {
    return this.rooms.get(roomId);
  }

  @Post('rooms')
  @ApiZodBody(roomRetentionCreateSchema)
  createRoom(
    @CurrentActor() actor: Actor,
    @ValidBody(roomRetentionCreateSchema) body: RoomRetentionCreate,
  ): Promise<RoomRetention> {
    return this.rooms.create(actor, body);
  }

  @Put('rooms/:id')
  @ApiZodBody(roomRetentionUpdateSchema)
  putRoom(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) roomId: number,
    @ValidBody(roomRetentionUpdateSchema) body: RoomRetentionUpdate,
  ): Promise<RoomRetention> {
    return this.rooms.put(actor, roomId, body);
  }

  @Delete('rooms/:id')
  @HttpCode(204)
  removeRoom(@CurrentActor() actor: Actor, @Param('id', IdPipe) roomId: number): Promise<void> {
    return this.rooms.remove(actor, roomId);
  }
}
