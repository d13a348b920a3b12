import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  createReportSchema,
  disableAccountSchema,
  listQuerySchema,
  resolveReportSchema,
  type AuditEntry,
  type CreateReport,
  type ListQuery,
  type Report,
  type ResolveReport,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { setContentRange } from '../common/ra-list.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { ReportsService } from './reports.service.js';

/** `POST /api/reports` for every member; the console's `reports` queue and moderation activity. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post('reports')
  @ApiZodBody(createReportSchema)
  create(@CurrentActor() actor: Actor, @ValidBody(createReportSchema) body: CreateReport): Promise<Report> {
    return this.reports.report(actor, body);
  }

  @Get('admin/reports')
  @RequirePermissions('moderation.moderate')
  @ApiQuery({ name: 'filter', required: false, description: 'JSON object: status, roomId, id' })
  @ApiOkResponse({ description: 'Reports; Content-Range: reports first-last/total' })
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Report[]> {
    const page = await this.reports.list(query);
    setContentRange(response, 'reports', page.request, page.rows.length, page.total);
    return page.rows;
  }

  @Get('admin/reports/:id')
  @RequirePermissions('moderation.moderate')
  get(@Param('id', IdPipe) id: number): Promise<Report> {
    return this.reports.get(id);
  }

  @Post('admin/reports/:id/resolve')
  @HttpCode(200)
  @RequirePermissions('moderation.moderate')
  @ApiZodBody(resolveReportSchema)
  resolve(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(resolveReportSchema) body: ResolveReport,
  ): Promise<Report> {
    return this.reports.resolve(actor, id, body);
  }

  @Post('admin/moderation/users/:id/disable')
  @HttpCode(204)
  @RequirePermissions('users.manage')
  @ApiZodBody(disableAccountSchema)
  disable(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(disableAccountSchema) body: { reason?: string },
  ): Promise<void> {
    return this.reports.disableAccount(actor, id, body);
  }

  @Get('admin/moderation/activity')
  @RequirePermissions('moderation.moderate')
  @ApiOkResponse({
    description: 'Audit entries whose action starts with "moderation."; Content-Range: activity',
  })
  async activity(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditEntry[]> {
    const page = await this.reports.activity(query);
    setContentRange(response, 'activity', page.request, page.items.length, page.total);
    return page.items;
  }
}
