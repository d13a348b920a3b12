import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  routineRoutes,
  type AcknowledgeAlert,
  type RoutineAlert,
  type RoutineDefinition,
  type RoutineRun,
  type StartRoutineRun,
  type TickRoutineItem,
  consoleResources,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
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

  @RaList(consoleResources.routineDefinitions)
  @RequirePermissions('monitoring.read')
  definitions(): RoutineDefinition[] {
    return this.routines.definitions();
  }

  @RaList(consoleResources.routineRuns)
  @RequirePermissions('monitoring.read')
  list(@ListParams() list: ListRequest): Promise<Page<RoutineRun>> {
    return this.routines.list(list);
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

  @RaList(consoleResources.routineAlerts)
  @RequirePermissions('monitoring.read')
  listAlerts(): Promise<RoutineAlert[]> {
    return this.alerts.list();
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
