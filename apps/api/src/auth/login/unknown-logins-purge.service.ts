import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';
import { Clock } from '../../common/clock.js';
import { MinuteJob } from '../../common/minute-ticker.js';
import { LOGGER } from '../../logging/logger.token.js';
import { LoginAttemptsService } from './login-attempts.service.js';

const EVERY_MS = 60 * 60_000;

/** Once an hour, forgets unknown usernames whose lock-out ran out long ago (bounded by time). */
@Injectable()
export class UnknownLoginsPurge extends MinuteJob {
  private lastRun = 0;

  constructor(
    private readonly attempts: LoginAttemptsService,
    private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    http: HttpAdapterHost,
  ) {
    super(http, logger, 'purging unknown usernames');
  }

  async tick(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastRun < EVERY_MS) return;
    this.lastRun = now;
    await this.attempts.purgeUnknown();
  }
}
