import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AtrioConfig } from '../config/atrio-config.js';
import { loadConfig } from '../config/load-config.js';
import { StartupError } from '../config/startup-error.js';
import { openDatabase, SQLITE_FILE } from '../database/data-source.js';
import { prepareEncryption } from '../encryption/prepare-encryption.js';
import { NestPinoLogger } from '../logging/nest-logger.js';
import type { CliIo } from './cli-io.js';
import { createCliLogger } from './cli-logger.js';
import { CliModule } from './cli.module.js';
import { startProgress, type Progress } from './progress.js';
import { APP_ENTITIES } from '../app-entities.js';

/**
 * One CLI invocation: the configuration, read as the server reads it, and the services, opened on
 * first use (so `--help` and usage errors never touch the database) and closed at the end.
 */
export class CliRun {
  private loaded: AtrioConfig | undefined;
  private context: INestApplicationContext | undefined;
  private logger: Logger | undefined;

  constructor(
    readonly io: CliIo,
    readonly json: boolean,
  ) {}

  get config(): AtrioConfig {
    this.loaded ??= loadConfig(this.io.env, this.io.cwd);
    return this.loaded;
  }

  /** A service of the server, from the same data dir and database as the server. */
  async get<T>(type: Type<T>): Promise<T> {
    this.context ??= await this.open();
    return this.context.get(type, { strict: false });
  }

  progress(title: string): Progress {
    return startProgress(this.io.stderr, this.json, title);
  }

  async close(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    await context?.close(); // closes the database too (TypeORM's shutdown hook)
  }

  private async open(): Promise<INestApplicationContext> {
    const config = this.config;
    if (!existsSync(config.dataDir)) {
      throw new StartupError(
        'ATRIO_DATA_DIR',
        `${config.dataDir} does not exist (is this the server's data dir?)`,
      );
    }
    if (config.databaseKind === 'sqlite' && !existsSync(join(config.dataDir, SQLITE_FILE))) {
      throw new StartupError(
        'ATRIO_DATA_DIR',
        `${config.dataDir} holds no database yet: start the server once, or point ATRIO_DATA_DIR at its data dir`,
      );
    }
    this.logger ??= createCliLogger(this.io.stderr);
    prepareEncryption(config.dataDir, this.logger); // as the server does, before any sealed column is read
    const dataSource = await openDatabase(config, APP_ENTITIES);
    try {
      return await NestFactory.createApplicationContext(
        CliModule.forRoot({ config, dataSource, logger: this.logger }),
        { logger: new NestPinoLogger(this.logger), abortOnError: false },
      );
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      throw error;
    }
  }
}
