import { z } from 'zod';
import { permissionSchema } from './permissions.js';

export const roleSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(permissionSchema),
  builtin: z.boolean(),
  requireTwoFactor: z.boolean(),
  userCount: z.number(),
});
export type Role = z.infer<typeof roleSchema>;

export const ROLES_SORTABLE = ['id', 'name', 'builtin'] as const;

const roleName = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'may only use letters, digits, dash and underscore');

export const createRoleSchema = z
  .object({
    name: roleName,
    description: z.string().trim().max(500).default(''),
    permissions: z.array(permissionSchema).max(64).default([]),
    requireTwoFactor: z.boolean().default(false),
  })
  .strict();
export type CreateRole = z.infer<typeof createRoleSchema>;

export const updateRoleSchema = z.object({
  description: z.string().trim().max(500).optional(),
  permissions: z.array(permissionSchema).max(64).optional(),
  requireTwoFactor: z.boolean().optional(),
});
export type UpdateRole = z.infer<typeof updateRoleSchema>;
