import { Module } from '@nestjs/common';
import { BackupController } from './backup.controller.js';
import { BackupScheduler } from './backup-scheduler.service.js';
import { BackupService } from './backup.service.js';

@Module({ controllers: [BackupController], providers: [BackupService, BackupScheduler] })
export class BackupModule {}
