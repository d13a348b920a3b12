import { Module } from '@nestjs/common';
import { AiCheck } from './checks/ai.check.js';
import { BackupCheck } from './checks/backup.check.js';
import {
  CertificateReader,
  CertificateRenewalCheck,
  CertificateValidityCheck,
} from './checks/certificate.checks.js';
import { DatabaseIntegrityCheck, DatabaseOptimizeCheck } from './checks/database.checks.js';
import { DependencyCheck } from './checks/dependency.check.js';
import { LogCleanupCheck, LogErrorsCheck } from './checks/log.checks.js';
import { ResourcesCheck } from './checks/resources.check.js';
import { ROUTINE_CHECKS, type RoutineCheck } from './checks/routine-check.js';
import { ServerStatusCheck } from './checks/server-status.check.js';
import { UsageCheck } from './checks/usage.check.js';
import { DatabaseController } from './database.controller.js';
import { DatabaseMaintenanceService } from './database-maintenance.service.js';
import { RoutineAlertsService } from './routine-alerts.service.js';
import { RoutineScheduler } from './routine-scheduler.service.js';
import { RoutinesController } from './routines.controller.js';
import { RoutinesService } from './routines.service.js';

const CHECKS = [
  ServerStatusCheck,
  LogErrorsCheck,
  BackupCheck,
  ResourcesCheck,
  LogCleanupCheck,
  CertificateValidityCheck,
  AiCheck,
  DatabaseOptimizeCheck,
  DatabaseIntegrityCheck,
  DependencyCheck,
  UsageCheck,
  CertificateRenewalCheck,
];

/**
 * The maintenance routines of the manual's §8 and database upkeep. It imports no other feature
 * module (backups, certificates, metrics and the AI status are looked up when used), so the admin CLI can import
 * it too; `RoutinesService` and `DatabaseMaintenanceService` are its API for the CLI.
 */
@Module({
  controllers: [RoutinesController, DatabaseController],
  providers: [
    ...CHECKS,
    CertificateReader,
    { provide: ROUTINE_CHECKS, useFactory: (...checks: RoutineCheck[]) => checks, inject: CHECKS },
    DatabaseMaintenanceService,
    RoutinesService,
    RoutineAlertsService,
    RoutineScheduler,
  ],
  exports: [RoutinesService, DatabaseMaintenanceService, RoutineAlertsService],
})
export class MaintenanceModule {}
