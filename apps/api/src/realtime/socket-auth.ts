import type { ClientToServerEvents, ServerToClientEvents } from '@atrio/protocol';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import type { Actor } from '../common/actor.js';
import type { ActorResolver } from '../auth/sessions/actor-resolver.service.js';
import { isOwnOrigin, SESSION_COOKIE } from '../auth/sessions/credentials-transport.js';

export interface SocketData {
  actor: Actor;
}

/** The Socket.IO server and sockets, typed by protocol's event maps: every emit and handler is checked. */
export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;

/**
 * The handshake check (CONTRACT.md). A handshake that presents `auth.token` is judged by the token
 * alone: another site's page cannot forge it, so its `Origin` (scripts and bots send their own)
 * proves nothing. Only the session cookie is an ambient credential a foreign page could ride on
 * (cross-site WebSocket hijacking), so a cookie handshake must come from our own origin, with the
 * same rule as cookie-authenticated REST calls. Refusals carry the contract's code as the
 * connect_error message.
 */
export async function authenticateSocket(
  socket: ChatSocket,
  resolver: ActorResolver,
  caps: () => Promise<SocketCaps>,
): Promise<Error | null> {
  const credential = handshakeCredential(socket);
  if (credential instanceof Error) return credential;
  const resolved = await resolver.resolve(credential, socket.handshake.address);
  if (!resolved) return new Error('UNAUTHORIZED');
  if (resolved.restriction) return new Error(resolved.restriction);
  const tooMany = overCap(socket, resolved.actor, await caps());
  if (tooMany) return tooMany;
  socket.data.actor = resolved.actor;
  await socket.join([`session:${resolved.actor.sessionId}`, `user:${resolved.actor.userId}`]);
  return null;
}

export interface SocketCaps {
  perUser: number;
  perSession: number;
}

/**
 * People have a few tabs and devices; thousands of sockets on one token only cost the server memory.
 * Counted on this instance (with several instances behind a balancer, each applies the cap).
 * Checked just before the join, with no await between, so parallel handshakes cannot all slip past.
 */
function overCap(socket: ChatSocket, actor: Actor, caps: SocketCaps): Error | null {
  const rooms = socket.nsp.adapter.rooms;
  const ofUser = rooms.get(`user:${actor.userId}`)?.size ?? 0;
  const ofSession = rooms.get(`session:${actor.sessionId}`)?.size ?? 0;
  if (ofUser < caps.perUser && ofSession < caps.perSession) return null;
  const error = new Error('RATE_LIMITED') as Error & { data: unknown };
  error.data = {
    code: 'RATE_LIMITED',
    message:
      ofUser >= caps.perUser
        ? `You already have ${ofUser} connections open; close a tab or a device first.`
        : `This session already has ${ofSession} connections open; close a tab first.`,
    maxSocketsPerUser: caps.perUser,
    maxSocketsPerSession: caps.perSession,
  };
  return error;
}

function handshakeCredential(socket: ChatSocket): string | Error {
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
