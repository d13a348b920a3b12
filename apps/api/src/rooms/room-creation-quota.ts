import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { CHAT_LIMITS } from '../messages/chat-settings.js';
import { SettingsService } from '../settings/settings.service.js';

/**
 * How many rooms one person may create per hour (`chat.limits.roomsPerHour`): a member with
 * `rooms.create` could otherwise flood every user's directory with thousands of rooms. Holders of
 * `rooms.manage_any` (administrators setting up a department) are exempt.
 */
@Injectable()
export class RoomCreationQuota {
  private limiter: { perHour: number; memory: RateLimiterMemory } | undefined;

  constructor(private readonly settings: SettingsService) {}

  async take(actor: Actor): Promise<void> {
    if (actor.permissions.has('rooms.manage_any')) return;
    const { roomsPerHour } = await this.settings.get(CHAT_LIMITS);
    if (this.limiter?.perHour !== roomsPerHour) {
      this.limiter = {
        perHour: roomsPerHour,
        memory: new RateLimiterMemory({ points: roomsPerHour, duration: 3600 }),
      };
    }
    try {
      await this.limiter.memory.consume(String(actor.userId));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError(
        'RATE_LIMITED',
        `You may create ${roomsPerHour} rooms per hour; try again in ${Math.ceil(seconds / 60)} minutes.`,
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
  }
}
