import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { monitoringRoutes, type MonitoringSummary } from '@atrio/protocol';
import { RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { MonitoringSampler } from './monitoring-sampler.service.js';

@ApiTags('admin')
@Controller()
export class MonitoringController {
  constructor(private readonly sampler: MonitoringSampler) {}

  @Route(monitoringRoutes.summary)
  @RequirePermissions('monitoring.read')
  summary(): MonitoringSummary {
    return this.sampler.summary();
  }
}
