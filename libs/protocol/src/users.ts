import { z } from 'zod';
import { displayNameSchema, passwordSchema, usernameSchema } from './auth.js';

export const userStatusSchema = z.enum(['active', 'locked', 'disabled']);

/** The `users` admin resource (CONTRACT.md), plus email and twoFactorEnabled. */
export const adminUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.string()),
  status: userStatusSchema,
  lockedUntil: z.string().nullable(),
  failedLogins: z.number(),
  twoFactorEnabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const USERS_SORTABLE = [
  'id',
  'username',
  'displayName',
  'createdAt',
  'lastLoginAt',
  'status',
] as const;

const rolesField = z.array(z.string().min(1).max(64)).max(20);

export const createUserSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    password: passwordSchema,
    roles: rolesField.default(['member']),
    email: z.email().max(254).nullable().optional(),
  })
  .strict();
export type CreateUser = z.infer<typeof createUserSchema>;

/** PUT body; react-admin sends the whole record back, so read-only fields are accepted and ignored. */
export const updateUserSchema = z.object({
  displayName: displayNameSchema.optional(),
  email: z.email().max(254).nullable().optional(),
  roles: rolesField.optional(),
  status: z.enum(['active', 'disabled', 'locked']).optional(),
});
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const temporaryPasswordSchema = z.object({ temporaryPassword: z.string() });
