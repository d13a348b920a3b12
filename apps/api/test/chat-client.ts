import type { Message } from '@atrio/protocol';
import { io, type Socket } from 'socket.io-client';
import type { TestServer } from './harness.js';

export type AckAnswer<T = Record<string, unknown>> =
  ({ ok: true } & T) | { ok: false; error: { code: string; message: string; details?: unknown } };

/** A connected socket.io-client over TLS (trusting the test server's certificate). */
export async function connectAs(t: TestServer, token: string): Promise<Socket> {
  const socket = io(t.baseUrl, { ca: t.ca, transports: ['websocket'], reconnection: false, auth: { token } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function emit<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<AckAnswer<T>> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<AckAnswer<T>>;
}

/** Sends and expects success; returns the stored message. */
export async function send(
  socket: Socket,
  roomId: number,
  body: string,
  clientMsgId = `c-${Math.random()}`,
): Promise<Message> {
  const answer = await emit<{ message: Message }>(socket, 'message:send', { roomId, body, clientMsgId });
  if (!answer.ok) throw new Error(`send failed: ${answer.error.code} ${answer.error.message}`);
  return answer.message;
}

/** Resolves with the next `event` whose payload matches. */
export function next<T>(
  socket: Socket,
  event: string,
  matches: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10_000);
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Everything `event` delivers from now on, for asserting what did (not) arrive. */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/**
 * The sockets a test file opens, closed after each test:
 * `const sockets = socketPool(() => t); afterEach(sockets.closeAll); const { connect } = sockets;`
 */
export function socketPool(server: () => TestServer) {
  const open: Socket[] = [];
  return {
    async connect(user: { token: string }): Promise<Socket> {
      const socket = await connectAs(server(), user.token);
      open.push(socket);
      return socket;
    },
    closeAll(): void {
      open.splice(0).forEach((socket) => socket.close());
    },
  };
}
