import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BackupModule } from './backup/backup.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { RecoveryModule } from './recovery/recovery.module.js';
import { RolesModule } from './roles/roles.module.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { coreModule, type CoreDependencies } from './core-module.js';
import { CommandsModule } from './commands/commands.module.js';
import { EncryptionModule } from './encryption/encryption.module.js';
import { DiagnosticsModule } from './diagnostics/diagnostics.module.js';
import { HealthModule } from './health/health.module.js';
import { LogsModule } from './logs/logs.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { NetworkModule } from './network/network.module.js';
import { PeopleModule } from './people/people.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { MaintenanceModule } from './maintenance/maintenance.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { SearchModule } from './search/search.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SummariesModule } from './summaries/summaries.module.js';
import { TwoFactorModule } from './two-factor/two-factor.module.js';
import { UsersModule } from './users/users.module.js';

export type AppDependencies = CoreDependencies;

@Module({})
export class AppModule {
  static forRoot(dependencies: AppDependencies): DynamicModule {
    return coreModule(AppModule, dependencies, [
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
      PeopleModule,
      MessagesModule,
      CommandsModule,
      RealtimeModule,
      ModerationModule,
      MonitoringModule,
      NetworkModule,
      SearchModule,
      BackupModule,
      CertificatesModule,
      MaintenanceModule,
      EncryptionModule,
      RetentionModule,
      LogsModule,
      DiagnosticsModule,
      SummariesModule,
    ]);
  }
}
