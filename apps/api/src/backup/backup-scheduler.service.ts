import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { BackupManifest } from '@atrio/protocol';
import type { Logger } from 'pino';
import { Clock } from '../common/clock.js';
import { MinuteJob } from '../common/minute-ticker.js';
import { LOGGER } from '../logging/logger.token.js';
import { SettingsService } from '../settings/settings.service.js';
import { isDailyRunDue } from '../common/daily-schedule.js';
import { BACKUP_POLICY } from './backup-settings.js';
import { BackupService } from './backup.service.js';

/** Checks once a minute whether the daily backup is due; tests call tick() after moving the clock. */
@Injectable()
export class BackupScheduler extends MinuteJob {
  private running: Promise<BackupManifest | null> | undefined;

  constructor(
    private readonly backups: BackupService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    http: HttpAdapterHost,
  ) {
    super(http, logger, 'scheduled backup');
  }

  /** Takes the scheduled backup if it is due; a tick while one is running waits for it instead. */
  tick(): Promise<BackupManifest | null> {
    this.running ??= this.runIfDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runIfDue(): Promise<BackupManifest | null> {
    const policy = await this.settings.get(BACKUP_POLICY);
    const due = isDailyRunDue(policy.scheduleCron, this.clock.now(), await this.backups.lastScheduledAt());
    return due ? this.backups.create(null, 'scheduled') : null;
  }
}
