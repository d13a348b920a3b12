import type { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:https';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { setUpApiDocs } from './api-docs.js';
import { MonitoringMetrics } from './monitoring/monitoring-metrics.service.js';
import { ConnectionGuardService } from './network/connection-guard.service.js';
import { httpMetricsMiddleware } from './monitoring/http-metrics.middleware.js';
import { loadOrCreateTls, type TlsMaterial } from './certificates/tls-material.js';
import { TlsState } from './certificates/tls-state.js';
import { ErrorFilter } from './common/error.filter.js';
import type { AtrioConfig } from './config/atrio-config.js';
import { prepareDataDir } from './config/data-dir.js';
import { removeServerPidFile, writeServerPidFile } from './config/server-pid-file.js';
import { StartupError } from './config/startup-error.js';
import { openDatabase } from './database/data-source.js';
import { assertSqliteSound } from './database/damaged-database.js';
import { KeyRotationService } from './encryption/key-rotation.service.js';
import { prepareEncryption } from './encryption/prepare-encryption.js';
import { createLogger, type AtrioLogger } from './logging/logger.js';
import { NestPinoLogger } from './logging/nest-logger.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';
import { FirstAdminService, type FirstAdminResult } from './users/first-admin.service.js';
import { webAppsMiddleware } from './web/web-apps.js';
import { APP_ENTITIES } from './app-entities.js';

export interface RunningServer {
  app: INestApplication;
  config: AtrioConfig;
  port: number;
  /** The pair served right now: renewals and installs swap it without a restart. */
  readonly tls: TlsMaterial;
  firstAdmin: FirstAdminResult;
  logger: Logger;
  /** Starts copying log lines to stdout (main.ts does, after the banner; tests read the files). */
  echoLogsToConsole(): void;
  /** Stops accepting, lets in-flight requests finish (10 s at most), closes sockets, then the database. */
  close(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 10_000;
const JSON_BODY_LIMIT = '256kb';

/** Everything `npm start` does after reading the configuration; tests call it in-process. */
export async function startServer(config: AtrioConfig): Promise<RunningServer> {
  prepareDataDir(config.dataDir);
  const tls = await loadOrCreateTls(config.certDir);
  const log = await createLogger({ dataDir: config.dataDir, level: config.logLevel });
  const logger = log.logger;
  let app: NestExpressApplication | undefined;
  try {
    prepareEncryption(config.dataDir, logger); // the key ring, before any encrypted column is touched
    if (config.databaseKind === 'sqlite') assertSqliteSound(config.dataDir); // damaged while stopped?
    const dataSource = await openDatabase(config, APP_ENTITIES);
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ config, dataSource, logger }),
      {
        httpsOptions: { cert: tls.cert, key: tls.key },
        logger: new NestPinoLogger(logger),
        bodyParser: false,
        abortOnError: false,
      },
    );
    const tlsState = app.get(TlsState);
    tlsState.attach(app.getHttpServer() as Server, tls);
    await app.get(ConnectionGuardService).attach(app.getHttpServer() as Server);
    configureHttp(app, logger);
    if (config.redisUrl !== '') {
      const adapter = new RedisIoAdapter(app, config.redisUrl, logger);
      await adapter.connect();
      app.useWebSocketAdapter(adapter);
    }
    await app.init();
    const firstAdmin = await app.get(FirstAdminService).ensure();
    app.get(KeyRotationService).resumeInBackground(); // an interrupted rotation, values left in clear
    await listen(app, config);
    const port = (app.getHttpServer() as Server).address() as { port: number };
    writeServerPidFile(config.dataDir, port.port); // the CLI refuses a restore while this exists
    logger.info({ port: port.port, host: config.host, database: config.databaseKind }, 'server started');
    return {
      app,
      config,
      port: port.port,
      get tls() {
        return tlsState.current;
      },
      firstAdmin,
      logger,
      echoLogsToConsole: () => log.echoToConsole(),
      close: () => shutdown(app!, log).finally(() => removeServerPidFile(config.dataDir)),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    logger.error({ err: error }, 'start-up failed');
    await log.close();
    throw error;
  }
}

function configureHttp(app: NestExpressApplication, logger: Logger): void {
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(app.get(MonitoringMetrics)));
  app.use(helmet({ hsts: { maxAge: 31_536_000, includeSubDomains: false } }));
  app.use(cookieParser());
  app.setGlobalPrefix('api', { exclude: ['metrics'] }); // Prometheus expects /metrics
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useGlobalFilters(new ErrorFilter(logger));
  app.use(webAppsMiddleware());
  setUpApiDocs(app);
}

async function listen(app: INestApplication, config: AtrioConfig): Promise<void> {
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError('ATRIO_PORT', `port ${config.port} on ${config.host} is already in use`);
    }
    if (code === 'EACCES') {
      throw new StartupError(
        'ATRIO_PORT',
        `not allowed to listen on port ${config.port} (ports below 1024 need privileges)`,
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new StartupError('ATRIO_HOST', `${config.host} is not an address of this machine (${code})`);
    }
    throw error;
  }
}

async function shutdown(app: INestApplication, log: AtrioLogger): Promise<void> {
  const logger = log.logger;
  logger.info('shutting down: no new connections, finishing requests in flight');
  const http = app.getHttpServer() as Server;
  const drained = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeIdleConnections();
  app.get(RealtimeGateway).disconnectAll();
  const force = setTimeout(() => http.closeAllConnections(), DRAIN_TIMEOUT_MS);
  await drained;
  clearTimeout(force);
  await app.close(); // shutdown hooks: the database is closed (and its WAL checkpointed) here
  logger.info('shutdown complete');
  await log.close();
}
