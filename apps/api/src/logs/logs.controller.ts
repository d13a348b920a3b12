import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type ListQuery, listQuerySchema, type LogEntry } from '@atrio/protocol';
import type { Response } from 'express';
import { RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
import { ValidQuery } from '../common/zod.pipe.js';
import { LogsService } from './logs.service.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('admin/logs')
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Get()
  @RequirePermissions('monitoring.read')
  @ApiQuery({
    name: 'filter',
    required: false,
    description: 'JSON object: level (minimum), q, auth, from, to',
  })
  @ApiOkResponse({ description: 'Log lines, newest first; Content-Range: logs first-last/total' })
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LogEntry[]> {
    const page = await this.logs.list(query);
    setContentRange(response, 'logs', page.request, page.entries.length, page.total);
    return page.entries;
  }
}
