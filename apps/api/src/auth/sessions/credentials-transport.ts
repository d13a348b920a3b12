import type { Request, Response } from 'express';
import { AppError } from '../../common/app-error.js';

export const SESSION_COOKIE = 'atrio_session';

export interface Credential {
  token: string;
  via: 'header' | 'cookie';
}

/** The session token from `Authorization: Bearer …`, or else from the HttpOnly cookie. */
export function readCredential(request: Request): Credential | null {
  const header = request.get('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { token: match[1]!, via: 'header' } : null;
  }
  const cookie = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

export function setSessionCookie(response: Response, token: string, expiresAt: Date): void {
  response.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(response: Response): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated browsers (OWASP: verify the origin with standard headers),
 * on top of SameSite=Strict: a state-changing request must come from a page of this server.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const expected = `https://${request.get('host') ?? ''}`;
  const origin = request.get('origin') ?? originOf(request.get('referer'));
  if (origin !== expected) {
    throw new AppError(
      'FORBIDDEN',
      'Cross-site request refused: send it from the Atrio page or with a bearer token.',
    );
  }
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
