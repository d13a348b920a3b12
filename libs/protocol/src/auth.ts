import { z } from 'zod';
import { DISPLAY_NAME_MAX_LENGTH, MUTED_ROOMS_MAX, PASSWORD_MAX_LENGTH } from './constants.js';
import { hasControlCharacters, hasFormatCharacters } from './text.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'may only use letters, digits, dot, dash and underscore');

export const passwordSchema = z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH, 'is too long');

export const loginRequestSchema = z.object({
  // Login takes any string up to 64 characters, so an ill-formed username fails like an unknown one.
  username: z.string().trim().toLowerCase().min(1, 'is required').max(64, 'is too long'),
  password: passwordSchema,
  totp: z.string().trim().max(32).optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const languageSchema = z.enum(['es', 'en']);
export type Language = z.infer<typeof languageSchema>;

export const userSettingsSchema = z.object({
  language: languageSchema,
  notifications: z.object({
    mentions: z.boolean(),
    directMessages: z.boolean(),
    allMessages: z.boolean(),
    sound: z.boolean(),
    /** Rooms whose alerts this person silenced (the chat client's bell), on every device. */
    mutedRooms: z.array(z.number().int().positive()).max(MUTED_ROOMS_MAX).optional(),
  }),
  /** AI summaries; absent in answers of older servers. */
  summaries: z
    .object({
      /**
       * Coming back to a room with more than this many unread messages queues a catch-up
       * summary for you automatically (low priority); null: never.
       */
      catchUpAfterUnread: z.number().int().min(5).max(10_000).nullable(),
    })
    .optional(),
});
export type UserSettings = z.infer<typeof userSettingsSchema>;

/** The signed-in user as CONTRACT.md defines it, plus the extensions after mustChangePassword. */
export const sessionUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  email: z.string().nullable(),
  twoFactorEnabled: z.boolean(),
  mustEnrollTwoFactor: z.boolean(),
  settings: userSettingsSchema,
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: sessionUserSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const changePasswordSchema = z.object({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;

/**
 * A person's name as others see it: trimmed, NFC-normalised, without control characters, lone
 * surrogates or invisible formatting (a right-to-left override could make "Ana" read as someone
 * else). The server also refuses reserved names and look-alikes of other users' names.
 */
export const displayNameSchema = z
  .string()
  .trim()
  .normalize('NFC')
  .min(1)
  .max(DISPLAY_NAME_MAX_LENGTH)
  .refine((value) => !hasControlCharacters(value), 'must not contain control or invalid characters')
  .refine((value) => !hasFormatCharacters(value), 'must not contain invisible formatting characters')
  .refine((value) => !/[\t\n\v\f\r]/.test(value), 'must be one line');

export const updateMySettingsSchema = z
  .object({
    displayName: displayNameSchema.optional(),
    email: z.email().max(254).nullable().optional(),
    language: languageSchema.optional(),
    notifications: userSettingsSchema.shape.notifications.partial().optional(),
    summaries: z
      .object({ catchUpAfterUnread: z.number().int().min(5).max(10_000).nullable() })
      .strict()
      .optional(),
  })
  .strict();
export type UpdateMySettings = z.infer<typeof updateMySettingsSchema>;

export const sessionInfoSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
