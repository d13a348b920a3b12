import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError } from '../../common/app-error.js';

/** Addresses remembered for the console's list; the oldest are forgotten past this. */
const SEEN_LIMIT = 10_000;

export interface AddressState {
  ip: string;
  failures: number;
  throttled: boolean;
  resetInSeconds: number;
}

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
  /** Addresses that failed recently, so the console can list them (the limiter cannot enumerate its keys). */
  private readonly seen = new Set<string>();

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
    this.seen.delete(ip);
    this.seen.add(ip);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
  }

  /** Every address with failures in its current window; addresses whose window ended are forgotten. */
  async addresses(policy: ThrottlePolicy): Promise<AddressState[]> {
    const limiter = this.current(policy);
    const states: AddressState[] = [];
    for (const ip of [...this.seen]) {
      const state = await limiter.get(ip);
      if (!state || state.consumedPoints <= 0) {
        this.seen.delete(ip);
        continue;
      }
      states.push({
        ip,
        failures: state.consumedPoints,
        throttled: state.consumedPoints >= limiter.points,
        resetInSeconds: Math.max(0, Math.ceil(state.msBeforeNext / 1000)),
      });
    }
    return states;
  }

  /** An administrator lets the address try again at once. */
  async forget(ip: string, policy: ThrottlePolicy): Promise<boolean> {
    const known = this.seen.delete(ip);
    await this.current(policy).delete(ip);
    return known;
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
