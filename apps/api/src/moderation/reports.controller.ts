import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  moderationRoutes,
  reportAdminRoutes,
  type AuditEntry,
  type CreateReport,
  type DisableAccount,
  type Report,
  type ResolveReport,
  consoleResources,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import { Route } from '../common/route.decorator.js';
import { ReportsService } from './reports.service.js';

/** `POST /api/reports` for every member; the console's `reports` queue and moderation activity. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Route(moderationRoutes.report)
  create(@CurrentActor() actor: Actor, @Body() body: CreateReport): Promise<Report> {
    return this.reports.report(actor, body);
  }

  @RaList(consoleResources.reports)
  @RequirePermissions('moderation.moderate')
  list(@ListParams() list: ListRequest): Promise<Page<Report>> {
    return this.reports.list(list);
  }

  @Route(reportAdminRoutes.get)
  @RequirePermissions('moderation.moderate')
  get(@Param('id') id: number): Promise<Report> {
    return this.reports.get(id);
  }

  @Route(reportAdminRoutes.resolve)
  @RequirePermissions('moderation.moderate')
  resolve(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: ResolveReport,
  ): Promise<Report> {
    return this.reports.resolve(actor, id, body);
  }

  @Route(reportAdminRoutes.disableAccount)
  @RequirePermissions('users.manage')
  disable(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: DisableAccount,
  ): Promise<void> {
    return this.reports.disableAccount(actor, id, body);
  }

  @RaList(consoleResources.activity)
  @RequirePermissions('moderation.moderate')
  activity(@ListParams() list: ListRequest): Promise<Page<AuditEntry>> {
    return this.reports.activity(list);
  }
}
