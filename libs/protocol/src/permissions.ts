import { z } from 'zod';

/**
 * The catalogue of fine-grained permissions. Roles are sets of these; every REST route and socket
 * event names the one it needs, and the server checks it (never the client).
 */
export const PERMISSIONS = [
  'messages.send',
  'rooms.create',
  'rooms.manage_any',
  'moderation.moderate',
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
  'ai.summarize',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const permissionSchema = z.enum(PERMISSIONS);

export const BUILTIN_ROLES = ['admin', 'moderator', 'member', 'auditor'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];
