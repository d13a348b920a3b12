import type { AdminUser, SessionUser, UserSettings } from '@atrio/protocol';
import type { Access } from '../roles/roles.service.js';
import { DEFAULT_NOTIFICATIONS, type User } from './user.entity.js';

export function settingsOf(user: User): UserSettings {
  let stored: Partial<UserSettings['notifications']> = {};
  try {
    stored = JSON.parse(user.notifications) as Partial<UserSettings['notifications']>;
  } catch {
    // A damaged value falls back to the defaults rather than breaking the login.
  }
  return {
    language: user.language,
    notifications: { ...DEFAULT_NOTIFICATIONS, ...stored },
    summaries: { catchUpAfterUnread: user.aiCatchUpAfter ?? null },
  };
}

export function toSessionUser(user: User, access: Access, twoFactorEnabled: boolean): SessionUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: access.roles,
    permissions: [...access.permissions].sort(),
    mustChangePassword: user.mustChangePassword,
    email: user.email,
    twoFactorEnabled,
    mustEnrollTwoFactor: access.requireTwoFactor && !twoFactorEnabled,
    settings: settingsOf(user),
  };
}

export function toAdminUser(user: User, roles: string[], twoFactorEnabled: boolean, now: Date): AdminUser {
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    roles,
    status: user.status === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
    lockedUntil: locked ? user.lockedUntil!.toISOString() : null,
    failedLogins: user.failedLogins,
    twoFactorEnabled,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
