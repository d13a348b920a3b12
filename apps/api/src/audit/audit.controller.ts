import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type AuditEntry, type AuditVerifyResult, type ListQuery, listQuerySchema } from '@atrio/protocol';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
import { ValidQuery } from '../common/zod.pipe.js';
import { AuditService } from './audit.service.js';

const FILTER_HELP =
  'JSON object: q, actor (name contains), actorId, action (prefix), outcome, target, ip, from, to (ISO day or instant)';

/** Read-only: the trail is written only by the modules whose actions it records. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermissions('audit.read')
  @ApiQuery({
    name: 'sort',
    required: false,
    description: '["id"|"at"|"action"|"actorName"|"outcome","ASC"|"DESC"]',
  })
  @ApiQuery({ name: 'range', required: false, description: '[first,last], at most 500 rows' })
  @ApiQuery({ name: 'filter', required: false, description: FILTER_HELP })
  @ApiOkResponse({ description: 'Audit entries; Content-Range: audit first-last/total' })
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditEntry[]> {
    const page = await this.audit.list(query);
    setContentRange(response, 'audit', page.request, page.items.length, page.total);
    return page.items;
  }

  @Get('verify')
  @RequirePermissions('audit.read')
  @ApiOkResponse({
    description: '{ok: true, checked, headHash} or {ok: false, checked, firstBrokenId, reason, message}',
  })
  verify(@CurrentActor() actor: Actor): Promise<AuditVerifyResult> {
    return this.audit.verifyFor(actor);
  }

  @Get('export.csv')
  @RequirePermissions('audit.read')
  @ApiQuery({ name: 'filter', required: false, description: FILTER_HELP })
  @ApiOkResponse({ description: 'text/csv (UTF-8 with BOM), oldest first, the same filter as the list' })
  async exportCsv(
    @CurrentActor() actor: Actor,
    @ValidQuery(listQuerySchema) query: ListQuery,
  ): Promise<StreamableFile> {
    const lines = await this.audit.exportCsv(actor, query);
    return new StreamableFile(Readable.from(lines, { objectMode: false }), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="atrio-audit.csv"',
    });
  }

  @Get(':id')
  @RequirePermissions('audit.read')
  @ApiOkResponse({ description: 'One audit entry' })
  get(@Param('id') id: string): Promise<AuditEntry> {
    return this.audit.get(id);
  }
}
