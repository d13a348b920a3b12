import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth.decorators.js';
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
  @Get('metrics')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'Prometheus text format; needs the scrape token or monitoring.read' })
  async scrape(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    await this.access.assertAllowed(request);
    const { contentType, body } = await this.metrics.exposition();
    response.setHeader('content-type', contentType);
    return body;
  }
}
