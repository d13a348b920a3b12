import { PERMISSIONS, permissionSchema, type Permission } from '@atrio/protocol';
import type { RoleRow } from './role.entity.js';

export const ADMIN_ROLE = 'admin';

/** A role's permissions; the built-in admin role always has all of them, including ones added later. */
export function permissionsOf(role: Pick<RoleRow, 'name' | 'builtin' | 'permissions'>): Permission[] {
  if (role.builtin && role.name === ADMIN_ROLE) return [...PERMISSIONS];
  const parsed = permissionSchema.array().safeParse(JSON.parse(role.permissions));
  // Unknown names (a permission removed in a later version) are ignored rather than granted.
  return parsed.success ? parsed.data : (JSON.parse(role.permissions) as string[]).filter(isPermission);
}

function isPermission(name: string): name is Permission {
  return (PERMISSIONS as readonly string[]).includes(name);
}

/** True when `held` includes every permission in `wanted`: nobody grants what they do not hold. */
export function holdsAll(held: ReadonlySet<Permission>, wanted: Iterable<Permission>): boolean {
  for (const permission of wanted) if (!held.has(permission)) return false;
  return true;
}
