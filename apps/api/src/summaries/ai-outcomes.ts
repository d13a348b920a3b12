import { Injectable } from '@nestjs/common';
import type { SummaryFailureCode } from '@atrio/protocol';
import { MonitoringMetrics } from '../monitoring/monitoring-metrics.service.js';

const WINDOW_MS = 24 * 3_600_000;

/** How jobs end: the duration histogram for Prometheus, and failures of the last day by cause for the status page. */
@Injectable()
export class AiOutcomes {
  private failures: Array<{ at: number; code: SummaryFailureCode }> = [];

  constructor(private readonly metrics: MonitoringMetrics) {}

  done(seconds: number): void {
    this.metrics.recordAiJob('summary', 'done', seconds);
  }

  failed(code: SummaryFailureCode, seconds: number): void {
    this.metrics.recordAiJob('summary', 'failed', seconds);
    // A cancel or an empty room says nothing about the AI's health.
    if (code === 'CANCELLED' || code === 'NOTHING_TO_SUMMARISE') return;
    this.failures.push({ at: Date.now(), code });
    if (this.failures.length > 10_000) this.failures = this.failures.slice(-5_000);
  }

  failuresByCause(): Record<string, number> {
    const cutoff = Date.now() - WINDOW_MS;
    this.failures = this.failures.filter((e) => e.at >= cutoff);
    const counts: Record<string, number> = {};
    for (const { code } of this.failures) counts[code] = (counts[code] ?? 0) + 1;
    return counts;
  }
}
