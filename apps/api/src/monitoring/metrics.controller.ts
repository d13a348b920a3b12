import { Controller, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { monitoringRoutes } from '@atrio/protocol';
import type { Request, Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { MetricsAccessService } from './metrics-access.service.js';
import { MonitoringMetrics } from './monitoring-metrics.service.js';

/** `GET /metrics`, outside the /api prefix where Prometheus expects it. */
@ApiTags('monitoring')
@Controller()
export class MetricsController {
  constructor(
    private readonly access: MetricsAccessService,
    private readonly metrics: MonitoringMetrics,
  ) {}

  // Public to the global guard only: MetricsAccessService accepts the scrape token or monitoring.read.
  @Public()
  @Route(monitoringRoutes.metrics)
  @ApiBearerAuth()
  async scrape(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    await this.access.assertAllowed(request);
    const { contentType, body } = await this.metrics.exposition();
    response.setHeader('content-type', contentType);
    return body;
  }
}
