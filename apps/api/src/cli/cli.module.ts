import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { BackupModule } from '../backup/backup.module.js';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { coreModule, type CoreDependencies } from '../core-module.js';
import { EncryptionModule } from '../encryption/encryption.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { RolesModule } from '../roles/roles.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';

/**
 * The features the CLI drives, without what only a listening server needs (HTTP, sockets,
 * metrics). Their schedulers stay idle: without an HTTP server nothing runs on schedule
 * (common/minute-ticker.ts), so a CLI command never takes the 02:30 backup.
 */
@Module({})
export class CliModule {
  static forRoot(dependencies: CoreDependencies): DynamicModule {
    return coreModule(CliModule, dependencies, [
      AuditModule,
      SettingsModule,
      RolesModule,
      UsersModule,
      BackupModule,
      CertificatesModule,
      MaintenanceModule,
      EncryptionModule,
    ]);
  }
}
