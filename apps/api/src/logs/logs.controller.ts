import { Controller, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ListQuery, type LogEntry, logRoutes } from '@atrio/protocol';
import type { Response } from 'express';
import { RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
import { Route } from '../common/route.decorator.js';
import { LogsService } from './logs.service.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller()
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Route(logRoutes.list)
  @RequirePermissions('monitoring.read')
  async list(@Query() query: ListQuery, @Res({ passthrough: true }) response: Response): Promise<LogEntry[]> {
    const page = await this.logs.list(query);
    setContentRange(response, 'logs', page.request, page.entries.length, page.total);
    return page.entries;
  }
}
