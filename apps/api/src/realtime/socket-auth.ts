import type { Socket } from 'socket.io';
import type { Actor } from '../common/actor.js';
import type { ActorResolver } from '../auth/sessions/actor-resolver.service.js';
import { SESSION_COOKIE } from '../auth/sessions/credentials-transport.js';

export interface SocketData {
  actor: Actor;
}

/**
 * The handshake check (CONTRACT.md): a token from `auth.token`, or the session cookie of a browser
 * on one of our pages. Refusals carry the contract's code as the connect_error message.
 */
export async function authenticateSocket(socket: Socket, resolver: ActorResolver): Promise<Error | null> {
  const origin = socket.handshake.headers.origin;
  const host = socket.handshake.headers.host;
  // Browsers always send Origin; a page on another site must not ride on our cookie (CSWSH).
  if (origin !== undefined && origin !== `https://${host}`) return new Error('FORBIDDEN');
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  const token =
    typeof auth?.token === 'string' ? auth.token : cookieToken(socket.handshake.headers.cookie, origin);
  if (!token) return new Error('UNAUTHORIZED');
  const resolved = await resolver.resolve(token, socket.handshake.address);
  if (!resolved) return new Error('UNAUTHORIZED');
  if (resolved.restriction) return new Error(resolved.restriction);
  (socket.data as SocketData).actor = resolved.actor;
  await socket.join([`session:${resolved.actor.sessionId}`, `user:${resolved.actor.userId}`]);
  return null;
}

function cookieToken(header: string | undefined, origin: string | undefined): string | undefined {
  if (!header || origin === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
