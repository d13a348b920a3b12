import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BackupService } from '../backup/backup.service.js';
import { diskSpace } from '../common/disk-full.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { AppEvents } from '../common/app-events.js';
import { Clock } from '../common/clock.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What happened since the sampler last asked: the console's per-minute chart values. */
export interface MinuteCounts {
  messages: number;
  loginFailures: number;
  /** 95th percentile of HTTP durations in ms, estimated from the histogram buckets; null if none. */
  httpP95Ms: number | null;
}

/**
 * The Prometheus registry of one server instance (never prom-client's global one: tests run several
 * servers in one process). Counters follow the in-process events; gauges read their value when scraped.
 */
@Injectable()
export class MonitoringMetrics implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly window = {
    messages: 0,
    loginFailures: 0,
    http: new Array<number>(HTTP_BUCKETS.length + 1).fill(0),
  };
  private gateway: RealtimeGateway | undefined;

  private readonly messages = new Counter({
    name: 'atrio_messages_total',
    help: 'Chat messages stored.',
    registers: [this.registry],
  });
  private readonly loginFailures = new Counter({
    name: 'atrio_login_failures_total',
    help: 'Failed login attempts (unknown users included).',
    registers: [this.registry],
  });
  private readonly lockouts = new Counter({
    name: 'atrio_lockouts_total',
    help: 'Accounts locked after too many failed logins.',
    registers: [this.registry],
  });
  private readonly socketErrors = new Counter({
    name: 'atrio_socket_connection_errors_total',
    help: 'Socket handshakes refused, by contract code.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly connectionsRefused = new Counter({
    name: 'atrio_connections_refused_total',
    help: 'TCP connections closed by the connection guard: per_address or total cap, or idle before a first request.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'atrio_http_request_duration_seconds',
    help: 'HTTP response time by method, matched route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  private readonly socketEventDuration = new Histogram({
    name: 'atrio_socket_event_duration_seconds',
    help: 'Time to answer a client socket event, by event and outcome (ok or error code).',
    labelNames: ['event', 'outcome'],
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  private readonly aiJobDuration = new Histogram({
    name: 'atrio_ai_job_duration_seconds',
    help: 'Duration of AI jobs (summaries), by kind and outcome.',
    labelNames: ['kind', 'outcome'],
    buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
    registers: [this.registry],
  });

  constructor(
    private readonly events: AppEvents,
    private readonly moduleRef: ModuleRef,
    private readonly clock: Clock,
    private readonly backups: BackupService,
    @Inject(ATRIO_CONFIG) private readonly config: AtrioConfig,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'atrio_' });
    const connections = () => this.connections();
    const backupAge = () => this.backups.store.newestGoodAgeSeconds(this.clock.now());
    const disk = () => diskSpace(this.config.dataDir);
    new Gauge({
      name: 'atrio_disk_free_bytes',
      help: 'Free space where the data folder lives.',
      registers: [this.registry],
      async collect() {
        this.set((await disk()).freeBytes);
      },
    });
    new Gauge({
      name: 'atrio_disk_full',
      help: '1 while the data folder has under 2 MiB free: writes are refused with UNAVAILABLE, reads go on.',
      registers: [this.registry],
      async collect() {
        this.set((await disk()).full ? 1 : 0);
      },
    });
    new Gauge({
      name: 'atrio_socket_connections',
      help: 'Sockets currently connected to this instance.',
      registers: [this.registry],
      collect() {
        this.set(connections());
      },
    });
    new Gauge({
      name: 'atrio_backup_age_seconds',
      help: 'Seconds since the newest backup with status ok or verified; absent when there is none.',
      registers: [this.registry],
      async collect() {
        const age = await backupAge();
        // No sample at all rather than NaN (prom-client prints NaN as "Nan", which strict parsers refuse).
        if (age === null) this.remove({});
        else this.set(age);
      },
    });
  }

  onModuleInit(): void {
    const { events } = this;
    this.unsubscribe.push(
      events.on('message.created', () => {
        this.messages.inc();
        this.window.messages++;
      }),
      events.on('auth.login.failed', () => {
        this.loginFailures.inc();
        this.window.loginFailures++;
      }),
      events.on('user.locked', () => this.lockouts.inc()),
      events.on('socket.refused', ({ reason }) => this.socketErrors.inc({ reason })),
      events.on('connection.refused', ({ reason }) => this.connectionsRefused.inc({ reason })),
      events.on('socket.event.handled', ({ event, outcome, seconds }) =>
        this.socketEventDuration.observe({ event, outcome }, seconds),
      ),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
  }

  /** Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** `route` must be the matched pattern (`/api/rooms/:id`), never the raw URL: one series per route. */
  recordHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
    const bucket = HTTP_BUCKETS.findIndex((le) => seconds <= le);
    this.window.http[bucket === -1 ? HTTP_BUCKETS.length : bucket]!++;
  }

  /** The API the AI module feeds: one observation per finished job. */
  recordAiJob(kind: string, outcome: 'done' | 'failed', seconds: number): void {
    this.aiJobDuration.observe({ kind, outcome }, seconds);
  }

  /** Sockets open on this instance (0 before the gateway is up). */
  connections(): number {
    return this.realtime()?.server?.engine?.clientsCount ?? 0;
  }

  onlineUsers(): number {
    return this.realtime()?.presence.onlineCount() ?? 0;
  }

  /** Looked up lazily: monitoring must not make the gateway a construction-time dependency. */
  private realtime(): RealtimeGateway | undefined {
    this.gateway ??= this.moduleRef.get(RealtimeGateway, { strict: false }) as RealtimeGateway | undefined;
    return this.gateway;
  }

  /** Counts since the previous call, then starts a new window. */
  drainMinute(): MinuteCounts {
    const { messages, loginFailures, http } = this.window;
    const counts = { messages, loginFailures, httpP95Ms: percentileMs(http, 0.95) };
    this.window.messages = 0;
    this.window.loginFailures = 0;
    http.fill(0);
    return counts;
  }

  /** Messages counted in the current, unfinished window. */
  pending(): { messages: number; loginFailures: number } {
    return { messages: this.window.messages, loginFailures: this.window.loginFailures };
  }
}

/** Interpolates inside the histogram bucket holding the quantile; the open last bucket reports its floor. */
function percentileMs(counts: number[], quantile: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const target = quantile * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (seen + n >= target && n > 0) {
      const lower = i === 0 ? 0 : HTTP_BUCKETS[i - 1]!;
      const upper = HTTP_BUCKETS[i] ?? lower;
      return (lower + ((upper - lower) * (target - seen)) / n) * 1000;
    }
    seen += n;
  }
  return HTTP_BUCKETS.at(-1)! * 1000;
}
