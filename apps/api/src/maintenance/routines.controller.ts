import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  routineRoutes,
  type AcknowledgeAlert,
  type ListQuery,
  type RoutineAlert,
  type RoutineDefinition,
  type RoutineRun,
  type StartRoutineRun,
  type TickRoutineItem,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
import { Route } from '../common/route.decorator.js';
import { RoutineAlertsService } from './routine-alerts.service.js';
import { RoutinesService } from './routines.service.js';

/** The maintenance routines of the manual's §8: read with monitoring.read, run and tick with routines.run. */
@ApiTags('routines')
@ApiBearerAuth()
@RequirePermissions('routines.run')
@Controller()
export class RoutinesController {
  constructor(
    private readonly routines: RoutinesService,
    private readonly alerts: RoutineAlertsService,
  ) {}

  @Route(routineRoutes.definitions)
  @RequirePermissions('monitoring.read')
  definitions(@Res({ passthrough: true }) response: Response): RoutineDefinition[] {
    const all = this.routines.definitions();
    response.setHeader('Content-Range', `definitions 0-${all.length - 1}/${all.length}`);
    return all;
  }

  @Route(routineRoutes.runs)
  @RequirePermissions('monitoring.read')
  async list(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoutineRun[]> {
    const page = await this.routines.list(query);
    setContentRange(response, 'runs', page.request, page.rows.length, page.total);
    return page.rows;
  }

  @Route(routineRoutes.run)
  @RequirePermissions('monitoring.read')
  get(@Param('id') id: number): Promise<RoutineRun> {
    return this.routines.get(id);
  }

  @Route(routineRoutes.start)
  start(@CurrentActor() actor: Actor, @Body() body: StartRoutineRun): Promise<RoutineRun> {
    return this.routines.run(actor, body.kind, 'manual');
  }

  @Route(routineRoutes.tick)
  tick(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Param('itemId') itemId: string,
    @Body() body: TickRoutineItem,
  ): Promise<RoutineRun> {
    return this.routines.tick(actor, id, itemId, body.comment);
  }

  @Route(routineRoutes.alerts)
  @RequirePermissions('monitoring.read')
  async listAlerts(@Res({ passthrough: true }) response: Response): Promise<RoutineAlert[]> {
    const alerts = await this.alerts.list();
    response.setHeader('Content-Range', `alerts 0-${Math.max(0, alerts.length - 1)}/${alerts.length}`);
    return alerts;
  }

  @Route(routineRoutes.acknowledge)
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: AcknowledgeAlert,
  ): Promise<RoutineRun> {
    return this.alerts.acknowledge(actor, id, body.comment);
  }
}
