import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_VERSION } from '../../config/app-version.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import { runningServer } from '../../config/server-pid-file.js';
import type { CheckResult, RoutineCheck } from './routine-check.js';

/** A database answer slower than this on an idle query means something is wrong with it. */
const SLOW_DATABASE_MS = 1000;

/** §8.1 "Verificar estado del servidor": up, database reachable and quick. */
@Injectable()
export class ServerStatusCheck implements RoutineCheck {
  readonly id = 'server.status';

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'databaseKind' | 'dataDir'>,
  ) {}

  async run(): Promise<CheckResult> {
    // Run from the CLI, this process is not the server: ask the pid file whether one is up.
    const server = runningServer(this.config.dataDir);
    if (server === null) {
      return {
        status: 'failed',
        message: {
          en: 'No Atrio server is running on this data folder.',
          es: 'No hay ningún servidor Atrio en marcha con esta carpeta de datos.',
        },
        figures: { serverRunning: false },
      };
    }
    const figures = {
      serverPid: server.pid,
      serverStartedAt: server.startedAt,
      uptimeSeconds:
        server.pid === process.pid
          ? Math.round(process.uptime())
          : Math.round((Date.now() - Date.parse(server.startedAt)) / 1000),
      version: APP_VERSION,
      database: this.config.databaseKind,
      nodeVersion: process.version,
    };
    const started = performance.now();
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        status: 'failed',
        message: {
          en: `The database is not answering: ${reason}`,
          es: `La base de datos no responde: ${reason}`,
        },
        figures: { ...figures, databaseReachable: false },
      };
    }
    const databaseMs = Math.round(performance.now() - started);
    const slow = databaseMs > SLOW_DATABASE_MS;
    return {
      status: slow ? 'warning' : 'ok',
      message: slow
        ? {
            en: `The server is up but the database took ${databaseMs} ms to answer a trivial query.`,
            es: `El servidor está activo, pero la base de datos tardó ${databaseMs} ms en responder a una consulta trivial.`,
          }
        : {
            en: `The server is up (${formatUptime(figures.uptimeSeconds)}) and the database answers.`,
            es: `El servidor está activo (lleva ${formatUptime(figures.uptimeSeconds)} en marcha) y la base de datos responde.`,
          },
      figures: { ...figures, databaseReachable: true, databaseMs },
    };
  }
}

function formatUptime(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}
