/**
 * The only module that touches socket.io-client. One connection per tab, authenticated by the
 * session cookie (same origin); everything else calls `request` and receives events through the
 * handlers given to `openSocket`.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@atrio/protocol';

type ClientEvents = ClientToServerEvents;

type PayloadOf<E extends keyof ClientEvents> = Parameters<ClientEvents[E]>[0];
type AckOf<E extends keyof ClientEvents> = Parameters<Parameters<ClientEvents[E]>[1]>[0];

export type Answer<E extends keyof ClientEvents> = AckOf<E>;

export interface SocketHandlers {
  connected(first: boolean): void;
  disconnected(): void;
  /** The handshake was refused: UNAUTHORIZED, FORBIDDEN, PASSWORD_CHANGE_REQUIRED, … */
  refused(code: string): void;
  events: Partial<ServerToClientEvents>;
}

/** Thrown by `request` when the event could not be answered (offline or timed out). */
export class NotDelivered extends Error {}

let socket: Socket<ServerToClientEvents, ClientEvents> | null = null;

export function openSocket(handlers: SocketHandlers): void {
  closeSocket();
  // The cookie travels with the WebSocket upgrade from our own origin; no token reaches scripts.
  const current: Socket<ServerToClientEvents, ClientEvents> = io({
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    // On a LAN a handshake that has not finished in 5 s is dead: try again rather than wait 20 s.
    timeout: 5000,
  });
  socket = current;
  let everConnected = false;
  current.on('connect', () => {
    handlers.connected(!everConnected);
    everConnected = true;
  });
  current.on('disconnect', (reason) => {
    handlers.disconnected();
    // A server-side disconnect (session revoked or expired) is not retried by the library.
    if (reason === 'io server disconnect') current.connect();
  });
  current.on('connect_error', (error) => {
    handlers.disconnected();
    const code = error.message;
    if (/^[A-Z_]+$/.test(code)) handlers.refused(code);
  });
  for (const [event, handler] of Object.entries(handlers.events)) {
    current.on(event as keyof ServerToClientEvents, handler as never);
  }
}

export function closeSocket(): void {
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
}

export function isConnected(): boolean {
  return socket?.connected ?? false;
}

/** Emits an event and resolves with its acknowledgement; rejects with NotDelivered when unanswered. */
export function request<E extends keyof ClientEvents>(
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = 10_000,
): Promise<AckOf<E>> {
  const current = socket;
  if (!current?.connected) return Promise.reject(new NotDelivered('offline'));
  // The typed emit cannot follow a generic event name; the map above still types both ends.
  const timed = current.timeout(timeoutMs) as unknown as {
    emit(name: string, body: unknown, ack: (error: Error | null, answer: AckOf<E>) => void): void;
  };
  return new Promise((resolve, reject) => {
    timed.emit(event, payload, (error, answer) => {
      if (error) reject(new NotDelivered('timeout'));
      else resolve(answer);
    });
  });
}
