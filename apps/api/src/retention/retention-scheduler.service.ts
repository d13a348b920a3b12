import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { RetentionRunResult } from '@atrio/protocol';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { lastScheduledTime } from '../common/daily-schedule.js';
import { Clock } from '../common/clock.js';
import { MinuteJob } from '../common/minute-ticker.js';
import { LOGGER } from '../logging/logger.token.js';
import { SettingsService } from '../settings/settings.service.js';
import { RETENTION_POLICY } from './retention-settings.js';
import { RetentionService } from './retention.service.js';
import { RoomRetentionRow } from './room-retention.entity.js';

/**
 * Checks once a minute whether the daily retention run is due; tests call tick() after moving the
 * clock. A policy changed after today's scheduled time first applies at the next one, so saving a
 * shorter retention never deletes at once behind the administrator's back (Run does that on purpose).
 */
@Injectable()
export class RetentionScheduler extends MinuteJob {
  constructor(
    private readonly retention: RetentionService,
    private readonly settings: SettingsService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    http: HttpAdapterHost,
  ) {
    super(http, logger, 'scheduled retention');
  }

  /** Runs the scheduled retention if it is due; null when it is not (or another run is in progress). */
  async tick(): Promise<RetentionRunResult | null> {
    if (this.retention.running) return null;
    const policy = await this.settings.get(RETENTION_POLICY);
    const slot = lastScheduledTime(policy.scheduleCron, this.clock.now());
    if (!(await this.anythingToEnforce(policy.messageDays, policy.auditDays))) return null;
    const changed = await this.policyChangedAt();
    if (changed && changed.getTime() > slot.getTime()) return null;
    if (await this.retention.runs.hasScheduled(slot)) return null;
    return this.retention.runScheduled(slot);
  }

  private async anythingToEnforce(messageDays: number | null, auditDays: number | null): Promise<boolean> {
    if (messageDays !== null || auditDays !== null) return true;
    return this.dataSource
      .getRepository(RoomRetentionRow)
      .createQueryBuilder('rr')
      .where('rr.messageDays IS NOT NULL')
      .getExists();
  }

  private async policyChangedAt(): Promise<Date | null> {
    const setting = await this.settings.describe(RETENTION_POLICY.key);
    const room = await this.dataSource
      .getRepository(RoomRetentionRow)
      .createQueryBuilder('rr')
      .select('MAX(rr.updatedAt)', 'at')
      .getRawOne<{ at: number | string | null }>();
    const times = [setting.updatedAt ? Date.parse(setting.updatedAt) : 0, Number(room?.at ?? 0)];
    const latest = Math.max(0, ...times);
    return latest === 0 ? null : new Date(latest);
  }
}
