import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';
import { Clock } from '../common/clock.js';
import { MinuteJob } from '../common/minute-ticker.js';
import { LOGGER } from '../logging/logger.token.js';
import { AutomaticSummaries } from './automatic-summaries.service.js';
import { RoomDigestService } from './room-digests.service.js';

/** Once a minute: the rooms whose daily digest is due get one queued (tests call tick()). */
@Injectable()
export class DigestScheduler extends MinuteJob {
  constructor(
    private readonly digests: RoomDigestService,
    private readonly automatic: AutomaticSummaries,
    private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    http: HttpAdapterHost,
  ) {
    super(http, logger, 'daily summary digests');
  }

  /** Returns what each due room got: a job id, or null when nothing new was said (skipped). */
  async tick(): Promise<Array<{ roomId: number; jobId: string | null }>> {
    const now = this.clock.now();
    const made: Array<{ roomId: number; jobId: string | null }> = [];
    for (const row of await this.digests.due(now)) {
      if (!(await this.digests.claim(row, now))) continue;
      const queued = await this.automatic.digest(row, now);
      if (queued) await this.digests.covered(row.roomId, queued.lastMessageId);
      made.push({ roomId: row.roomId, jobId: queued?.jobId ?? null });
    }
    return made;
  }
}
