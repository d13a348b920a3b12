import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { MonitoringBucket, MonitoringSummary } from '@atrio/protocol';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Clock } from '../common/clock.js';
import { MonitoringMetrics } from './monitoring-metrics.service.js';
import { RingBuffer } from './ring-buffer.js';

const MINUTE_MS = 60_000;
const DAY_OF_MINUTES = 24 * 60;

/**
 * Once a minute, turns the counters into one bucket of the console's 24-hour charts. Kept in memory:
 * a restart starts the charts afresh (Prometheus is the durable record).
 */
@Injectable()
export class MonitoringSampler implements OnModuleInit, OnModuleDestroy {
  private readonly history = new RingBuffer<MonitoringBucket>(DAY_OF_MINUTES);
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private timer: NodeJS.Timeout | undefined;
  private lastCpu = process.cpuUsage();
  private lastCpuAt = process.hrtime.bigint();

  constructor(
    private readonly metrics: MonitoringMetrics,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.loopDelay.enable();
    this.timer = setInterval(() => this.sample(), MINUTE_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.loopDelay.disable();
  }

  /** Closes the current minute: appends its bucket (also called directly by tests). */
  sample(): MonitoringBucket {
    const counts = this.metrics.drainMinute();
    const bucket: MonitoringBucket = {
      at: this.clock.now().toISOString(),
      messages: counts.messages,
      loginFailures: counts.loginFailures,
      connections: this.metrics.connections(),
      rssBytes: process.memoryUsage.rss(),
      cpuPercent: this.cpuPercent(true),
      httpP95Ms: counts.httpP95Ms,
    };
    this.history.push(bucket);
    this.loopDelay.reset();
    return bucket;
  }

  summary(): MonitoringSummary {
    const memory = process.memoryUsage();
    const lastHour = this.history.latest(60);
    const pending = this.metrics.pending();
    const lastMinute = lastHour.at(-1);
    const lag = this.loopDelay.mean;
    return {
      now: {
        connections: this.metrics.connections(),
        onlineUsers: this.metrics.onlineUsers(),
        // Before the first full minute, what has arrived so far is the best estimate.
        messagesPerMinute: lastMinute ? lastMinute.messages : pending.messages,
        loginFailuresLastHour: lastHour.reduce((sum, b) => sum + b.loginFailures, 0) + pending.loginFailures,
        memoryRss: memory.rss,
        heapUsed: memory.heapUsed,
        cpuPercent: this.cpuPercent(false),
        eventLoopLagMs: Number.isFinite(lag) ? lag / 1e6 : 0,
        uptimeSeconds: process.uptime(),
      },
      history: this.history.toArray(),
    };
  }

  /** CPU time used by this process since the previous sample, as a share of one core (can pass 100). */
  private cpuPercent(restart: boolean): number {
    const now = process.hrtime.bigint();
    const used = process.cpuUsage(this.lastCpu);
    const elapsedMicros = Number(now - this.lastCpuAt) / 1000;
    if (restart) {
      this.lastCpu = process.cpuUsage();
      this.lastCpuAt = now;
    }
    if (elapsedMicros <= 0) return 0;
    return Math.round(((used.user + used.system) / elapsedMicros) * 1000) / 10;
  }
}
