import type { ChatSocket } from './socket-auth.js';

/** The part of a Node stream this module uses: the TLS socket under a WebSocket. */
interface Corkable {
  cork(): void;
  uncork(): void;
  destroyed: boolean;
}

interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: Corkable };
}

const PATCHED = Symbol('atrio.writeCoalescing');

/**
 * Coalesces a WebSocket connection's frames into one TLS write per event-loop turn.
 *
 * A group commit releases many messages in the same turn, and each reaches every member of its room
 * as its own frame: uncorked, each frame is one TLS record and one `write` syscall per socket. Here
 * the socket's TLS stream is corked at the first frame of a turn and uncorked once, in `setImmediate`
 * (after every promise continuation of the turn has run), so the frames of a turn leave in a single
 * `writev`. Nothing waits longer than the current turn; with one frame per turn nothing changes but
 * the cork/uncork pair.
 *
 * It reaches under engine.io (`transport.send`) and ws (`WebSocket._socket`), both pinned; the test
 * `write-coalescing.int-spec.ts` fails if either moves.
 */
export function coalesceWrites(socket: ChatSocket): void {
  const engine = socket.conn as unknown as {
    transport: EngineTransport;
    on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
  };
  patchTransport(engine.transport);
  engine.on('upgrade', (transport) => patchTransport(transport));
}

/** Whether the socket's current transport coalesces (for the test that guards the private API). */
export function isCoalescing(socket: ChatSocket): boolean {
  const transport = (socket.conn as unknown as { transport: EngineTransport & { [PATCHED]?: boolean } })
    .transport;
  return transport[PATCHED] === true && rawSocketOf(transport) !== undefined;
}

function patchTransport(transport: EngineTransport & { [PATCHED]?: boolean }): void {
  if (transport.name !== 'websocket' || transport[PATCHED]) return;
  const raw = rawSocketOf(transport);
  if (!raw) return;
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    corkForThisTurn(raw);
    send(packets);
  };
  transport[PATCHED] = true;
}

function rawSocketOf(transport: EngineTransport): Corkable | undefined {
  const raw = transport.socket?._socket;
  return raw && typeof raw.cork === 'function' && typeof raw.uncork === 'function' ? raw : undefined;
}

const CORKED = Symbol('atrio.corkedThisTurn');
type Flagged = Corkable & { [CORKED]?: boolean };

// The sockets corked this turn: a fresh array each turn and a flag on the socket, not a Set.
// A long-lived Set's hash table is old-generation memory, and V8 allocates the tables of its
// clear() and of its growth in the old generation too: at 800 messages a second that was 2 MB a
// second of garbage straight into the old generation, whose collections (concurrent marking by
// four helper threads on the server's core) stalled deliveries for ~100 ms every few seconds.
let corked: Flagged[] = [];

function corkForThisTurn(raw: Flagged): void {
  if (raw[CORKED] === true || raw.destroyed) return;
  raw.cork();
  raw[CORKED] = true;
  corked.push(raw);
  if (corked.length === 1) setImmediate(flushTurn);
}

function flushTurn(): void {
  const sockets = corked;
  corked = [];
  for (const raw of sockets) {
    raw[CORKED] = false;
    raw.uncork();
  }
}
