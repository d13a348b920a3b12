import type { DynamicModule, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppEvents } from './common/app-events.js';
import { Clock } from './common/clock.js';
import { ATRIO_CONFIG, type AtrioConfig } from './config/atrio-config.js';
import { LOGGER } from './logging/logger.token.js';

export interface CoreDependencies {
  config: AtrioConfig;
  /** Opened and migrated before Nest starts, so a bad database stops the start with one clear line. */
  dataSource: DataSource;
  logger: Logger;
}

/**
 * A global root module (the server's, the CLI's) made of `features` plus what every feature
 * injects: the database, the configuration, the logger, the clock and the in-process events.
 */
export function coreModule(
  module: Type,
  { config, dataSource, logger }: CoreDependencies,
  features: DynamicModule['imports'],
): DynamicModule {
  return {
    module,
    global: true,
    imports: [
      TypeOrmModule.forRootAsync({
        useFactory: () => dataSource.options,
        dataSourceFactory: () => Promise.resolve(dataSource),
      }),
      ...(features ?? []),
    ],
    providers: [
      { provide: ATRIO_CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      Clock,
      AppEvents,
    ],
    exports: [ATRIO_CONFIG, LOGGER, Clock, AppEvents],
  };
}
