import { z } from 'zod';

/** What the failed attempts behind a lock were: a password, a 2FA code, security answers or a reset code. */
export const LOCKOUT_REASONS = ['password', 'totp', 'answers', 'reset_code'] as const;
export type LockoutReason = (typeof LOCKOUT_REASONS)[number];

/** One row of the console's lockouts queue (`GET /api/admin/lockouts`); the id is the user's id. */
export const lockoutSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  /** When the current lock began (its `user.locked` audit entry); null when the trail has no entry. */
  lockedAt: z.iso.datetime().nullable(),
  lockedUntil: z.iso.datetime(),
  /** Failed attempts since the last good login or unlock. */
  attempts: z.number().int().nonnegative(),
  /** How many times the account was locked since its last good login. */
  lockCount: z.number().int().nonnegative(),
  reasons: z.array(z.enum(LOCKOUT_REASONS)),
  /** Addresses the failed attempts came from, most attempts first. */
  addresses: z.array(z.object({ ip: z.string(), attempts: z.number().int() })),
  lastAttemptAt: z.iso.datetime().nullable(),
});
export type Lockout = z.infer<typeof lockoutSchema>;

/** One address with failed logins in the current throttle window (`GET /api/admin/login-throttle`). */
export const throttledAddressSchema = z.object({
  /** The address itself, so react-admin can key the rows. */
  id: z.string(),
  ip: z.string(),
  failures: z.number().int().nonnegative(),
  /** The policy's limit (`security.loginThrottle.maxFailuresPerIp`). */
  limit: z.number().int(),
  /** True once the address is refused with RATE_LIMITED. */
  throttled: z.boolean(),
  /** Seconds until the window ends and the count starts again. */
  resetInSeconds: z.number().int().nonnegative(),
});
export type ThrottledAddress = z.infer<typeof throttledAddressSchema>;
