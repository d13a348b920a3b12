import { Module } from '@nestjs/common';
import { BackupController } from './backup.controller.js';
import { BackupScheduler } from './backup-scheduler.service.js';
import { BackupService } from './backup.service.js';

/** Exports BackupService for monitoring (the newest backup's age) and the maintenance routines. */
@Module({
  controllers: [BackupController],
  providers: [BackupService, BackupScheduler],
  exports: [BackupService],
})
export class BackupModule {}
