import type { Socket } from 'socket.io';
import type { Actor } from '../common/actor.js';
import type { ActorResolver } from '../auth/sessions/actor-resolver.service.js';
import { isOwnOrigin, SESSION_COOKIE } from '../auth/sessions/credentials-transport.js';

export interface SocketData {
  actor: Actor;
}

/**
 * The handshake check (CONTRACT.md). A handshake that presents `auth.token` is judged by the token
 * alone: another site's page cannot forge it, so its `Origin` (scripts and bots send their own)
 * proves nothing. Only the session cookie is an ambient credential a foreign page could ride on
 * (cross-site WebSocket hijacking), so a cookie handshake must come from our own origin, with the
 * same rule as cookie-authenticated REST calls. Refusals carry the contract's code as the
 * connect_error message.
 */
export async function authenticateSocket(socket: Socket, resolver: ActorResolver): Promise<Error | null> {
  const credential = handshakeCredential(socket);
  if (credential instanceof Error) return credential;
  const resolved = await resolver.resolve(credential, socket.handshake.address);
  if (!resolved) return new Error('UNAUTHORIZED');
  if (resolved.restriction) return new Error(resolved.restriction);
  (socket.data as SocketData).actor = resolved.actor;
  await socket.join([`session:${resolved.actor.sessionId}`, `user:${resolved.actor.userId}`]);
  return null;
}

function handshakeCredential(socket: Socket): string | Error {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (auth?.token !== undefined) {
    return typeof auth.token === 'string' && auth.token !== '' ? auth.token : new Error('UNAUTHORIZED');
  }
  const { headers } = socket.handshake;
  const cookie = cookieToken(headers.cookie);
  if (!cookie) return new Error('UNAUTHORIZED');
  if (!isOwnOrigin(headers)) return new Error('FORBIDDEN');
  return cookie;
}

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
