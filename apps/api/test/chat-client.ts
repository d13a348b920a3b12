import type {
  Ack,
  ClientEventAck,
  ClientEventName,
  ClientEventPayload,
  ClientToServerEvents,
  Message,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '@atrio/protocol';
import { io, type Socket as UntypedSocket } from 'socket.io-client';
import type { TestServer } from './harness.js';

/** A socket.io-client socket typed by protocol's event maps, as the web client's will be. */
export type Socket = UntypedSocket<ServerToClientEvents, ClientToServerEvents>;

export type AckAnswer<T = Record<string, unknown>> =
  ({ ok: true } & T) | { ok: false; error: { code: string; message: string; details?: unknown } };

/** A connected socket.io-client over TLS (trusting the test server's certificate). */
export async function connectAs(t: TestServer, token: string): Promise<Socket> {
  const socket: Socket = io(t.baseUrl, {
    ca: t.ca,
    transports: ['websocket'],
    reconnection: false,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Sends a client event with its typed payload and waits for the typed acknowledgement. */
export function emit<E extends ClientEventName>(
  socket: Socket,
  event: E,
  payload: ClientEventPayload<E>,
): Promise<Ack<ClientEventAck<E>>> {
  return emitRaw(socket, event, payload) as Promise<Ack<ClientEventAck<E>>>;
}

/** Any event name and any payload: for the tests of what a hostile or broken client may send. */
export function emitRaw<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<AckAnswer<T>> {
  const untyped = socket as unknown as UntypedSocket;
  return untyped.timeout(10_000).emitWithAck(event, payload) as Promise<AckAnswer<T>>;
}

/** Sends and expects success; returns the stored message. */
export async function send(
  socket: Socket,
  roomId: number,
  body: string,
  clientMsgId = `c-${Math.random()}`,
): Promise<Message> {
  const answer = await emit(socket, 'message:send', { roomId, body, clientMsgId });
  if (!answer.ok) throw new Error(`send failed: ${answer.error.code} ${answer.error.message}`);
  if (!answer.message) throw new Error(`send ran a command instead: ${body}`);
  return answer.message;
}

/** Resolves with the next `event` whose payload matches. */
export function next<E extends ServerEventName>(
  socket: Socket,
  event: E,
  matches: (payload: ServerEventPayload<E>) => boolean = () => true,
): Promise<ServerEventPayload<E>> {
  const untyped = socket as unknown as UntypedSocket;
  const name: string = event;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10_000);
    const listener = (value: unknown) => {
      const payload = value as ServerEventPayload<E>;
      if (!matches(payload)) return;
      clearTimeout(timer);
      untyped.off(name, listener);
      resolve(payload);
    };
    untyped.on(name, listener);
  });
}

/** Everything `event` delivers from now on, for asserting what did (not) arrive. */
export function collect<E extends ServerEventName>(socket: Socket, event: E): ServerEventPayload<E>[] {
  const seen: ServerEventPayload<E>[] = [];
  (socket as unknown as UntypedSocket).on(event as string, (payload: unknown) => {
    seen.push(payload as ServerEventPayload<E>);
  });
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
