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

export const BULK_USER_ACTIONS = ['disable', 'unlock', 'revokeSessions', 'addRole'] as const;
export type BulkUserActionName = (typeof BULK_USER_ACTIONS)[number];

/**
 * `POST /api/admin/users/bulk`: one action on many accounts. Without `apply` it only previews;
 * with `apply: true` it needs `expectedCount`, the number of accounts the preview said would
 * change (typed by the administrator), and changes nothing when that is no longer true.
 */
export const bulkUserRequestSchema = z
  .object({
    action: z.enum(BULK_USER_ACTIONS),
    ids: z.array(z.number().int().positive()).min(1).max(500),
    /** The role to add (addRole only). */
    role: z.string().min(1).max(64).optional(),
    apply: z.boolean().optional(),
    expectedCount: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((body) => body.action !== 'addRole' || body.role !== undefined, {
    path: ['role'],
    message: 'addRole needs the role to add',
  })
  .refine((body) => body.action === 'addRole' || body.role === undefined, {
    path: ['role'],
    message: 'only addRole takes a role',
  })
  .refine((body) => !body.apply || body.expectedCount !== undefined, {
    path: ['expectedCount'],
    message: 'applying needs the number of accounts the preview said would change',
  })
  .refine((body) => new Set(body.ids).size === body.ids.length, {
    path: ['ids'],
    message: 'each account only once',
  });
export type BulkUserRequest = z.infer<typeof bulkUserRequestSchema>;

/**
 * What happens to one account: `change` (preview) / `changed` (applied); `skipped` when there
 * is nothing to do (already disabled, not locked, has the role, no such account); `refused` when
 * a rule forbids it (it holds permissions the caller lacks, the last administrator, oneself);
 * `failed` when it was refused while applying. `reason` is the rule's stable code.
 */
export const bulkUserResultSchema = z.object({
  id: z.number().int(),
  username: z.string().nullable(),
  outcome: z.enum(['change', 'changed', 'skipped', 'refused', 'failed']),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type BulkUserResult = z.infer<typeof bulkUserResultSchema>;

export const bulkUserResponseSchema = z.object({
  action: z.enum(BULK_USER_ACTIONS),
  applied: z.boolean(),
  /** Accounts that change (preview) or changed (applied). */
  count: z.number().int().nonnegative(),
  results: z.array(bulkUserResultSchema),
});
export type BulkUserResponse = z.infer<typeof bulkUserResponseSchema>;
