import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { consoleResources, type LogEntry } from '@atrio/protocol';
import { RequirePermissions } from '../common/auth.decorators.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { LogsService } from './logs.service.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller()
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @RaList(consoleResources.logs)
  @RequirePermissions('monitoring.read')
  list(@ListParams() list: ListRequest): Promise<Page<LogEntry>> {
    return this.logs.list(list);
  }
}
