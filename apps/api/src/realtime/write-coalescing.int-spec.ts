import type { Message } from '@atrio/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { collect, emit } from '../../test/chat-client.js';
import { chatScene } from '../../test/chat-scene.js';
import { api, type TestUser } from '../../test/factories.js';
import { eventually } from '../../test/eventually.js';
import type { TestServer } from '../../test/harness.js';
import { RealtimeGateway } from './realtime.gateway.js';
import type { ChatSocket } from './socket-auth.js';
import { isCoalescing } from './write-coalescing.js';

let t: TestServer;
let alice: TestUser;
let bob: TestUser;
const scene = chatScene({ users: ['alice', 'bob'], unlimited: true });
beforeAll(
  () =>
    ({
      t,
      users: { alice, bob },
    } = scene),
);

function serverSocketOf(user: TestUser): ChatSocket {
  const sockets = [...t.server.app.get(RealtimeGateway).server.of('/').sockets.values()];
  const found = sockets.find((s) => s.data.actor?.userId === user.id);
  if (!found) throw new Error(`no server socket for ${user.username}`);
  return found;
}

/** Counts the TLS stream's write calls (each is one `write`/`writev` syscall when the kernel takes it all). */
function countWrites(socket: ChatSocket): { calls: number } {
  const transport = (
    socket.conn as unknown as { transport: { socket: { _socket: Record<string, unknown> } } }
  ).transport;
  const raw = transport.socket._socket as {
    _write: (...args: unknown[]) => void;
    _writev: (...args: unknown[]) => void;
  };
  const counter = { calls: 0 };
  for (const method of ['_write', '_writev'] as const) {
    const original = raw[method].bind(raw);
    raw[method] = (...args: unknown[]) => {
      counter.calls++;
      original(...args);
    };
  }
  return counter;
}

describe('write coalescing: the frames of one event-loop turn leave a socket in one write', () => {
  it("reaches the WebSocket's TLS stream (engine.io and ws internals still where it expects them)", async () => {
    await scene.connect(bob);
    expect(isCoalescing(serverSocketOf(bob))).toBe(true);
  });

  it('ten frames emitted in one turn leave in at most two writes (the first turn, then the rest)', async () => {
    const b = await scene.connect(bob);
    const server = serverSocketOf(bob);
    const writes = countWrites(server);
    const arrived = collect(b, 'notice');
    for (let i = 0; i < 10; i++) server.emit('notice', { roomId: 1, code: 'TEST', message: `n${i}` });
    await eventually('ten notices delivered', () => arrived.length === 10);
    expect(arrived.map((n) => n.message)).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`));
    expect(writes.calls).toBeLessThanOrEqual(2);
  });

  it('a burst of sends reaches a member complete and in order', async () => {
    const room = await scene.newRoom(alice);
    expect((await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`)).status).toBe(200);
    const [a, b] = [await scene.connect(alice), await scene.connect(bob)];
    const writes = countWrites(serverSocketOf(bob));
    const arrived = collect(b, 'message:new');
    const count = 40;
    const acks = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        emit(a, 'message:send', { roomId: room.id, body: `burst ${i}`, clientMsgId: `burst-${i}` }),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await eventually('every message of the burst delivered', () => arrived.length === count);
    expect(arrived).toHaveLength(count);
    const ids = arrived.map((e: { message: Message }) => e.message.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(count);
    // Uncoalesced, every frame is its own write (40 or more); a group commit releases many at once.
    expect(writes.calls).toBeGreaterThan(0);
    expect(writes.calls).toBeLessThan(count / 2);
  });
});
