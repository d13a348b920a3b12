import type { Permission } from '@atrio/protocol';

/** Any one of these opens the console; a member holds none of them and is refused with a page. */
const CONSOLE_PERMISSIONS: readonly Permission[] = [
  'users.read',
  'users.manage',
  'users.unlock',
  'roles.manage',
  'audit.read',
  'backups.manage',
  'certificates.manage',
  'monitoring.read',
  'routines.run',
  'settings.manage',
  'moderation.moderate',
];

export type Permissions = readonly string[] | undefined;

export function can(permissions: Permissions, permission: Permission): boolean {
  return permissions?.includes(permission) ?? false;
}

export function canUseConsole(permissions: Permissions): boolean {
  return CONSOLE_PERMISSIONS.some((permission) => can(permissions, permission));
}
