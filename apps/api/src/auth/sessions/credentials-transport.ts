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

type Headers = Record<string, string | string[] | undefined>;

/**
 * Whether a browser request comes from a page of this server: its `Origin` (or, for the requests
 * where browsers leave Origin out, `Referer` or `Sec-Fetch-Site: same-origin`) must be
 * `https://<Host>`. Only `Host` names us: `X-Forwarded-Host` and `X-Forwarded-Proto` are ignored,
 * because any client can send them and no proxy is trusted. A proxy in front of Atrio must pass the
 * browser's `Host` and `Origin` unchanged (README, "Behind a reverse proxy").
 */
export function isOwnOrigin(headers: Headers): boolean {
  const host = single(headers.host);
  if (!host) return false;
  const origin = single(headers.origin) ?? originOf(single(headers.referer));
  if (origin !== undefined) return origin === `https://${host}`;
  return single(headers['sec-fetch-site']) === 'same-origin';
}

/**
 * CSRF defence for cookie-authenticated browsers (OWASP: verify the origin with standard headers),
 * on top of SameSite=Strict: a state-changing request must come from a page of this server.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!isOwnOrigin(request.headers)) {
    throw new AppError(
      'FORBIDDEN',
      'Cross-site request refused: send it from the Atrio page or with a bearer token.',
    );
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
