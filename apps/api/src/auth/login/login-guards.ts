import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError } from '../../common/app-error.js';

export interface ThrottlePolicy {
  maxFailuresPerIp: number;
  windowMinutes: number;
}

/**
 * Failed logins per address, across accounts (rate-limiter-flexible), so one machine can neither
 * lock everybody out nor spray one password over every account.
 */
export class IpLoginThrottle {
  private limiter: RateLimiterMemory | undefined;
  private limiterKey = '';

  async assertAllowed(ip: string, policy: ThrottlePolicy): Promise<void> {
    const limiter = this.current(policy);
    const state = await limiter.get(ip);
    if (state && state.consumedPoints >= limiter.points) {
      const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      throw new AppError(
        'RATE_LIMITED',
        'Too many failed logins from this address; wait before trying again.',
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
  }

  async recordFailure(ip: string, policy: ThrottlePolicy): Promise<void> {
    await this.current(policy).penalty(ip, 1);
  }

  private current(policy: ThrottlePolicy): RateLimiterMemory {
    const key = `${policy.maxFailuresPerIp}/${policy.windowMinutes}`;
    if (!this.limiter || key !== this.limiterKey) {
      this.limiter = new RateLimiterMemory({
        points: policy.maxFailuresPerIp,
        duration: policy.windowMinutes * 60,
      });
      this.limiterKey = key;
    }
    return this.limiter;
  }
}
