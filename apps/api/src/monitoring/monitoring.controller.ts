import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MonitoringSummary } from '@atrio/protocol';
import { RequirePermissions } from '../common/auth.decorators.js';
import { MonitoringSampler } from './monitoring-sampler.service.js';

@ApiTags('admin')
@Controller('admin/monitoring')
export class MonitoringController {
  constructor(private readonly sampler: MonitoringSampler) {}

  @Get('summary')
  @RequirePermissions('monitoring.read')
  @ApiOkResponse({ description: 'Current values and the last 24 h in one-minute buckets, for the console' })
  summary(): MonitoringSummary {
    return this.sampler.summary();
  }
}
