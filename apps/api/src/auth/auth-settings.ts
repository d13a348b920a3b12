import { z } from 'zod';
import { defineSetting } from '../settings/setting-definition.js';

export const SESSION_SETTINGS = defineSetting(
  'security.sessions',
  z.object({
    idleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    absoluteHours: z
      .number()
      .int()
      .min(1)
      .max(30 * 24),
  }),
  { idleMinutes: 30, absoluteHours: 12 }, // OWASP ASVS level 2
  'Sessions end after this many minutes without activity, and after this many hours in any case.',
);

export const LOCKOUT_SETTINGS = defineSetting(
  'security.lockout',
  z
    .object({
      maxFailedAttempts: z.number().int().min(3).max(50),
      lockMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
      maxLockMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
    })
    .refine((p) => p.maxLockMinutes >= p.lockMinutes, 'maxLockMinutes must be at least lockMinutes'),
  { maxFailedAttempts: 5, lockMinutes: 15, maxLockMinutes: 24 * 60 },
  'An account is locked after this many failed logins; each repeated lock lasts twice as long, up to the maximum.',
);

export const LOGIN_THROTTLE_SETTINGS = defineSetting(
  'security.loginThrottle',
  z.object({
    maxFailuresPerIp: z.number().int().min(5).max(10_000),
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  { maxFailuresPerIp: 30, windowMinutes: 15 },
  'One address may fail this many logins, across all accounts, within the window before it must wait.',
);
