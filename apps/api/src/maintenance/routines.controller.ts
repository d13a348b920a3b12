import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type AcknowledgeAlert,
  acknowledgeAlertSchema,
  type ListQuery,
  listQuerySchema,
  type RoutineAlert,
  type RoutineDefinition,
  type RoutineRun,
  type StartRoutineRun,
  startRoutineRunSchema,
  type TickRoutineItem,
  tickRoutineItemSchema,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { setContentRange } from '../common/ra-list.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { RoutineAlertsService } from './routine-alerts.service.js';
import { RoutinesService } from './routines.service.js';

/** The maintenance routines of the manual's §8: read with monitoring.read, run and tick with routines.run. */
@ApiTags('routines')
@ApiBearerAuth()
@RequirePermissions('routines.run')
@Controller('admin/routines')
export class RoutinesController {
  constructor(
    private readonly routines: RoutinesService,
    private readonly alerts: RoutineAlertsService,
  ) {}

  @Get('definitions')
  @RequirePermissions('monitoring.read')
  @ApiOkResponse({ description: 'The daily, weekly and monthly routines: checks and manual items' })
  definitions(@Res({ passthrough: true }) response: Response): RoutineDefinition[] {
    const all = this.routines.definitions();
    response.setHeader('Content-Range', `definitions 0-${all.length - 1}/${all.length}`);
    return all;
  }

  @Get('runs')
  @RequirePermissions('monitoring.read')
  @ApiQuery({ name: 'filter', required: false, description: 'JSON object: kind, status, trigger, id' })
  @ApiOkResponse({ description: 'Stored runs with their results; Content-Range: runs first-last/total' })
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoutineRun[]> {
    const page = await this.routines.list(query);
    setContentRange(response, 'runs', page.request, page.rows.length, page.total);
    return page.rows;
  }

  @Get('runs/:id')
  @RequirePermissions('monitoring.read')
  get(@Param('id', IdPipe) id: number): Promise<RoutineRun> {
    return this.routines.get(id);
  }

  @Post('runs')
  @ApiZodBody(startRoutineRunSchema)
  @ApiOkResponse({ description: '201 with the finished run (its checks have run; manual items pending)' })
  start(
    @CurrentActor() actor: Actor,
    @ValidBody(startRoutineRunSchema) body: StartRoutineRun,
  ): Promise<RoutineRun> {
    return this.routines.run(actor, body.kind, 'manual');
  }

  @Post('runs/:id/items/:itemId/tick')
  @HttpCode(200)
  @ApiZodBody(tickRoutineItemSchema)
  tick(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Param('itemId') itemId: string,
    @ValidBody(tickRoutineItemSchema) body: TickRoutineItem,
  ): Promise<RoutineRun> {
    return this.routines.tick(actor, id, itemId, body.comment);
  }

  @Get('alerts')
  @RequirePermissions('monitoring.read')
  @ApiOkResponse({ description: 'Open alerts (id = the failed run); Content-Range: alerts 0-n/total' })
  async listAlerts(@Res({ passthrough: true }) response: Response): Promise<RoutineAlert[]> {
    const alerts = await this.alerts.list();
    response.setHeader('Content-Range', `alerts 0-${Math.max(0, alerts.length - 1)}/${alerts.length}`);
    return alerts;
  }

  @Post('alerts/:id/acknowledge')
  @HttpCode(200)
  @ApiZodBody(acknowledgeAlertSchema)
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(acknowledgeAlertSchema) body: AcknowledgeAlert,
  ): Promise<RoutineRun> {
    return this.alerts.acknowledge(actor, id, body.comment);
  }
}
