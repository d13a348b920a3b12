import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  moderationRoutes,
  reportAdminRoutes,
  type AuditEntry,
  type CreateReport,
  type DisableAccount,
  type ListQuery,
  type Report,
  type ResolveReport,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
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

  @Route(reportAdminRoutes.list)
  @RequirePermissions('moderation.moderate')
  async list(@Query() query: ListQuery, @Res({ passthrough: true }) response: Response): Promise<Report[]> {
    const page = await this.reports.list(query);
    setContentRange(response, 'reports', page.request, page.rows.length, page.total);
    return page.rows;
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

  @Route(reportAdminRoutes.activity)
  @RequirePermissions('moderation.moderate')
  async activity(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditEntry[]> {
    const page = await this.reports.activity(query);
    setContentRange(response, 'activity', page.request, page.items.length, page.total);
    return page.items;
  }
}
