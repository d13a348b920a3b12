import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth-core.module.js';
import { BackupModule } from '../backup/backup.module.js';
import { MetricsAccessService } from './metrics-access.service.js';
import { MetricsController } from './metrics.controller.js';
import { MonitoringMetrics } from './monitoring-metrics.service.js';
import { MonitoringSampler } from './monitoring-sampler.service.js';
import { MonitoringController } from './monitoring.controller.js';

/** Prometheus metrics at /metrics and the console's summary; `MonitoringMetrics.recordAiJob` for the AI module. */
@Module({
  imports: [AuthCoreModule, BackupModule],
  controllers: [MetricsController, MonitoringController],
  providers: [MonitoringMetrics, MonitoringSampler, MetricsAccessService],
  exports: [MonitoringMetrics],
})
export class MonitoringModule {}
