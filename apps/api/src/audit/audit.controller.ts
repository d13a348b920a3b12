import { Controller, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  auditRoutes,
  consoleResources,
  type AuditEntry,
  type AuditVerifyResult,
  type ListQuery,
} from '@atrio/protocol';
import { Readable } from 'node:stream';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import { Route } from '../common/route.decorator.js';
import { AuditService } from './audit.service.js';

/** Read-only: the trail is written only by the modules whose actions it records. */
@ApiTags('audit')
@ApiBearerAuth()
@RequirePermissions('audit.read')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @RaList(consoleResources.audit)
  list(@ListParams() list: ListRequest): Promise<Page<AuditEntry>> {
    return this.audit.list(list);
  }

  @Route(auditRoutes.verify)
  verify(@CurrentActor() actor: Actor): Promise<AuditVerifyResult> {
    return this.audit.verifyFor(actor);
  }

  @Route(auditRoutes.exportCsv)
  async exportCsv(@CurrentActor() actor: Actor, @Query() query: ListQuery): Promise<StreamableFile> {
    const lines = await this.audit.exportCsv(actor, query);
    return new StreamableFile(Readable.from(lines, { objectMode: false }), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="atrio-audit.csv"',
    });
  }

  @Route(auditRoutes.get)
  get(@Param('id') id: string): Promise<AuditEntry> {
    return this.audit.get(id);
  }
}
