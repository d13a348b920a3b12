import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BackupModule } from './backup/backup.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { AppEvents } from './common/app-events.js';
import { Clock } from './common/clock.js';
import { RecoveryModule } from './recovery/recovery.module.js';
import { RolesModule } from './roles/roles.module.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { ATRIO_CONFIG, type AtrioConfig } from './config/atrio-config.js';
import { CommandsModule } from './commands/commands.module.js';
import { EncryptionModule } from './encryption/encryption.module.js';
import { HealthModule } from './health/health.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { LOGGER } from './logging/logger.token.js';
import { MaintenanceModule } from './maintenance/maintenance.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { SearchModule } from './search/search.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { TwoFactorModule } from './two-factor/two-factor.module.js';
import { UsersModule } from './users/users.module.js';

export interface AppDependencies {
  config: AtrioConfig;
  /** Opened and migrated before Nest starts, so a bad database stops the start with one clear line. */
  dataSource: DataSource;
  logger: Logger;
}

@Global()
@Module({})
export class AppModule {
  static forRoot({ config, dataSource, logger }: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
        AuditModule,
        SettingsModule,
        AuthModule,
        RolesModule,
        RecoveryModule,
        SecretsModule,
        UsersModule,
        TwoFactorModule,
        HealthModule,
        RoomsModule,
        MessagesModule,
        CommandsModule,
        RealtimeModule,
        ModerationModule,
        MonitoringModule,
        SearchModule,
        BackupModule,
        CertificatesModule,
        MaintenanceModule,
        EncryptionModule,
        RetentionModule,
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
}
