import { get } from 'node:https';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { connectAs, send } from '../../test/chat-client.js';
import type { Room } from '@atrio/protocol';

let t: TestServer;
let admin: string;
let port: number;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  port = Number(new URL(t.baseUrl).port);
});
afterAll(() => t.close());

const open: Socket[] = [];
afterEach(() => open.splice(0).forEach((socket) => socket.destroy()));

async function setLimits(value: { maxPerAddress: number; maxTotal: number; firstRequestSeconds: number }) {
  const response = await api(t, admin, 'PUT', '/api/admin/settings/network.connections', { value });
  expect(response.status).toBe(200);
}

/** A TCP connection that says nothing; resolves once connected. */
async function silentTcp(): Promise<Socket> {
  const socket = tcpConnect(port, '127.0.0.1');
  open.push(socket);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

function closed(socket: Socket, withinMs = 15_000): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** GET /api/health on a new connection of its own (the default agent would reuse an admitted one). */
function freshHealth(): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${t.baseUrl}/api/health`, { ca: t.ca, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

async function refusals(): Promise<Record<string, number>> {
  const text = (await t.request('/metrics', { headers: { authorization: `Bearer ${admin}` } })).text;
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^atrio_connections_refused_total\{reason="(\w+)"\} (\d+)/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

describe('connection guard on the HTTPS port', () => {
  it('closes a silent TCP connection and a TLS connection that never sends a request, and counts them', async () => {
    await setLimits({ maxPerAddress: 1000, maxTotal: 15_000, firstRequestSeconds: 1 });
    const before = (await refusals()).idle ?? 0;
    const tcp = await silentTcp();
    const tlsSocket = tlsConnect({ host: '127.0.0.1', port, ca: t.ca, servername: 'localhost' });
    open.push(tlsSocket);
    tlsSocket.on('error', () => undefined);
    await new Promise<void>((resolve) => tlsSocket.once('secureConnect', () => resolve()));
    expect(await closed(tcp)).toBe(true);
    expect(await closed(tlsSocket)).toBe(true);
    expect((await refusals()).idle).toBeGreaterThanOrEqual(before + 2);
  });

  it('a header dribbler is closed at the deadline too: the clock stops only at a complete request', async () => {
    await setLimits({ maxPerAddress: 1000, maxTotal: 15_000, firstRequestSeconds: 1 });
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: t.ca, servername: 'localhost' });
    open.push(socket);
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n');
    const dribble = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
    try {
      expect(await closed(socket)).toBe(true);
    } finally {
      clearInterval(dribble);
    }
  });

  it('refuses connections beyond the per-address cap, and serves again once they are gone', async () => {
    await setLimits({ maxPerAddress: 5, maxTotal: 15_000, firstRequestSeconds: 2 });
    const before = (await refusals()).per_address ?? 0;
    const silent = await Promise.all(Array.from({ length: 5 }, silentTcp));
    await expect(freshHealth()).rejects.toThrow(); // the sixth from this address
    await Promise.all(silent.map((socket) => closed(socket)));
    await expect.poll(() => freshHealth().catch(() => 0)).toBe(200);
    expect((await refusals()).per_address).toBeGreaterThan(before);
  });

  it('refuses connections beyond the total cap', async () => {
    await setLimits({ maxPerAddress: 1000, maxTotal: 10, firstRequestSeconds: 2 });
    const before = (await refusals()).total ?? 0;
    const silent = await Promise.all(Array.from({ length: 10 }, silentTcp));
    const extra = tcpConnect(port, '127.0.0.1');
    open.push(extra);
    extra.on('error', () => undefined);
    expect(await closed(extra, 5_000)).toBe(true);
    await Promise.all(silent.map((socket) => closed(socket)));
    await expect.poll(() => freshHealth().catch(() => 0)).toBe(200);
    expect((await refusals()).total).toBeGreaterThan(before);
  });

  it('refuses limits that make no sense with VALIDATION_FAILED', async () => {
    for (const value of [
      { maxPerAddress: 0, maxTotal: 100, firstRequestSeconds: 15 },
      { maxPerAddress: 10, maxTotal: 100, firstRequestSeconds: 0 },
      { maxPerAddress: 10, maxTotal: 100 },
    ]) {
      const response = await api(t, admin, 'PUT', '/api/admin/settings/network.connections', { value });
      expect(response.status).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('silent connections, header dribblers and slow bodies do not keep others from chatting', async () => {
    await setLimits({ maxPerAddress: 1000, maxTotal: 15_000, firstRequestSeconds: 15 });
    const attackers: Socket[] = [];
    for (let i = 0; i < 100; i++) attackers.push(await silentTcp());
    const dribblers = Array.from({ length: 100 }, () => {
      const socket = tlsConnect({ host: '127.0.0.1', port, ca: t.ca, servername: 'localhost' });
      socket.on('error', () => undefined);
      socket.once('secureConnect', () => socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n'));
      open.push(socket);
      return socket;
    });
    const slowBodies = Array.from({ length: 50 }, () => {
      const socket = tlsConnect({ host: '127.0.0.1', port, ca: t.ca, servername: 'localhost' });
      socket.on('error', () => undefined);
      socket.once('secureConnect', () =>
        socket.write(
          'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{',
        ),
      );
      open.push(socket);
      return socket;
    });
    const drip = setInterval(() => {
      for (const socket of dribblers) if (socket.writable) socket.write('X-Slow: 1\r\n');
      for (const socket of slowBodies) if (socket.writable) socket.write(' ');
    }, 100);
    try {
      const alice = await newUser(t);
      const bob = await newUser(t);
      const room = (
        await api(t, alice.token, 'POST', '/api/rooms', {
          name: `under siege ${Date.now()}`,
          visibility: 'public',
        })
      ).json<Room>();
      expect((await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`)).status).toBe(200);
      const socket = await connectAs(t, alice.token);
      try {
        const message = await send(socket, room.id, 'still here');
        expect(message.body).toBe('still here');
      } finally {
        socket.close();
      }
      const history = await api(t, bob.token, 'GET', `/api/rooms/${room.id}/messages`);
      expect(history.json<{ messages: Array<{ body: string }> }>().messages.map((m) => m.body)).toContain(
        'still here',
      );
      expect(attackers.every((s) => !s.destroyed)).toBe(true); // still held open: the guard did not act early
    } finally {
      clearInterval(drip);
    }
  });
});
