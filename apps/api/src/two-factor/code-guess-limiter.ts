import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';

/** Wrong codes a signed-in user may enter for 2FA changes (confirm, new recovery codes, disable)… */
export const MAX_WRONG_CODES = 5;
/** …in this many seconds (fixed window from the first attempt). */
export const WRONG_CODE_WINDOW_SECONDS = 15 * 60;

/**
 * Limits wrong 2FA codes per user, so a stolen session cannot guess its way to disabling 2FA or
 * minting recovery codes. In memory (per process), like the login throttle.
 *
 * Each check reserves one attempt up front and gives it back when the code was right, so requests
 * racing in parallel cannot get more than the limit of guesses past the check. A right code only
 * returns its own reservation: it never resets earlier wrong ones.
 */
export class CodeGuessLimiter {
  private readonly limiter = new RateLimiterMemory({
    points: MAX_WRONG_CODES,
    duration: WRONG_CODE_WINDOW_SECONDS,
  });

  /**
   * Runs `verify` unless the user is over the limit (then RATE_LIMITED, without verifying). Returns
   * its result; a false result (a wrong code) keeps the reserved attempt.
   */
  async check(userId: number, verify: () => Promise<boolean>): Promise<boolean> {
    const key = String(userId);
    try {
      await this.limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError(
        'RATE_LIMITED',
        'Too many wrong codes; wait before trying again.',
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
    let wrong = false;
    try {
      wrong = !(await verify());
      return !wrong;
    } finally {
      // A right code, or a failure before any answer, is not a wrong guess.
      if (!wrong) await this.limiter.reward(key, 1);
    }
  }
}
