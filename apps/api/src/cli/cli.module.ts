import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { BackupService } from '../backup/backup.service.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { TlsState } from '../certificates/tls-state.js';
import { AppEvents } from '../common/app-events.js';
import { Clock } from '../common/clock.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { EncryptionModule } from '../encryption/encryption.module.js';
import { LOGGER } from '../logging/logger.token.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { RolesModule } from '../roles/roles.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';

export interface CliDependencies {
  config: AtrioConfig;
  dataSource: DataSource;
  logger: Logger;
}

/**
 * The services the CLI drives, without what only a listening server needs (HTTP, sockets,
 * metrics) and without the schedulers: a scheduled backup must be taken by the server, not by
 * whichever CLI command happens to be running at 02:30. Backups and certificates are provided
 * here directly for that reason (their modules carry a scheduler and the live TLS state).
 */
@Global()
@Module({})
export class CliModule {
  static forRoot({ config, dataSource, logger }: CliDependencies): DynamicModule {
    return {
      module: CliModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
        AuditModule,
        SettingsModule,
        RolesModule,
        UsersModule,
        MaintenanceModule, // its scheduler stays idle without an HTTP adapter
        EncryptionModule,
      ],
      providers: [
        { provide: ATRIO_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        Clock,
        AppEvents,
        BackupService,
        TlsState,
        CertificatesService,
      ],
      exports: [ATRIO_CONFIG, LOGGER, Clock, AppEvents],
    };
  }
}
