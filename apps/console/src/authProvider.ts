import type { AuthProvider } from 'react-admin';
import type { LoginResponse, SessionUser } from '@atrio/protocol';
import { api, errorCode } from './dataProvider';

let current: SessionUser | null = null;

/** The signed-in user, asked of the server once per page load (the token itself stays in its HttpOnly cookie). */
export async function currentUser(): Promise<SessionUser> {
  current ??= await api<SessionUser>('/auth/me');
  return current;
}

export function forgetUser(): void {
  current = null;
}

export interface LoginParams {
  username: string;
  password: string;
  totp?: string;
}

/** Cookie session (CONTRACT.md, Authentication): login sets it, logout ends it everywhere it was used. */
export const authProvider: AuthProvider = {
  async login({ username, password, totp }: LoginParams) {
    const response = await api<LoginResponse>('/auth/login', {
      method: 'POST',
      body: { username, password, ...(totp ? { totp } : {}) },
    });
    current = response.user;
    // The login page then asks for a new password before anything else.
    if (response.user.mustChangePassword) return { redirectTo: false };
    return undefined;
  },
  async logout() {
    try {
      if (current) await api('/auth/logout', { method: 'POST' });
    } catch {
      // Already ended on the server (expired or revoked): nothing more to do.
    }
    current = null;
  },
  async checkAuth() {
    try {
      const user = await currentUser();
      if (user.mustChangePassword) throw new Error('password change required');
    } catch {
      throw { redirectTo: '/login', message: false };
    }
  },
  async checkError(error: unknown) {
    const code = errorCode(error);
    if (code === 'UNAUTHORIZED' || code === 'PASSWORD_CHANGE_REQUIRED') {
      current = null;
      throw { redirectTo: '/login', logoutUser: code === 'UNAUTHORIZED' };
    }
  },
  async getPermissions() {
    try {
      return (await currentUser()).permissions;
    } catch {
      return [];
    }
  },
  async getIdentity() {
    const user = await currentUser();
    return { id: user.id, fullName: user.displayName };
  },
};
