import type { Room } from '@atrio/protocol';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, emit, socketPool } from '../../test/chat-client.js';
import { adminToken, api, newUser, tokenFor, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { CHAT_LIMITS } from '../messages/chat-settings.js';

let t: TestServer;
let admin: string;
const sockets = socketPool(() => t);
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterEach(sockets.closeAll);
afterAll(() => t.close());

function putChatLimits(overrides: Partial<typeof CHAT_LIMITS.defaultValue>) {
  return api(t, admin, 'PUT', '/api/admin/settings/chat.limits', {
    value: { ...CHAT_LIMITS.defaultValue, ...overrides },
  });
}

async function setChatLimits(overrides: Partial<typeof CHAT_LIMITS.defaultValue>) {
  expect((await putChatLimits(overrides)).status).toBe(200);
}

/** "connected" or the connect_error message, with its data. */
function handshake(token: string): Promise<{ outcome: string; data?: unknown; close: () => void }> {
  const socket = io(t.baseUrl, { ca: t.ca, transports: ['websocket'], reconnection: false, auth: { token } });
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ outcome: 'connected', close: () => socket.close() }));
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      resolve({ outcome: error.message, data: error.data, close: () => undefined });
    });
  });
}

describe('one member cannot exhaust the server', () => {
  it('room creation is rate-limited per user with RATE_LIMITED and Retry-After; room managers are exempt', async () => {
    await setChatLimits({ roomsPerHour: 3 });
    const member = await newUser(t);
    for (let i = 0; i < 3; i++) {
      const made = await api(t, member.token, 'POST', '/api/rooms', {
        name: `r${i} ${Date.now()}`,
        visibility: 'public',
      });
      expect(made.status).toBe(201);
    }
    const refused = await api(t, member.token, 'POST', '/api/rooms', {
      name: `one too many`,
      visibility: 'public',
    });
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({
      error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } },
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const other = await newUser(t);
    expect(
      (await api(t, other.token, 'POST', '/api/rooms', { name: `other ${Date.now()}`, visibility: 'public' }))
        .status,
    ).toBe(201);
    for (let i = 0; i < 4; i++) {
      expect(
        (
          await api(t, admin, 'POST', '/api/rooms', {
            name: `admin ${i} ${Date.now()}`,
            visibility: 'public',
          })
        ).status,
      ).toBe(201);
    }
    await setChatLimits({});
  });

  it('sockets are capped per session and per user, refused with RATE_LIMITED and a reason', async () => {
    await setChatLimits({ maxSocketsPerUser: 3, maxSocketsPerSession: 2 });
    const user = await newUser(t);
    const first = await handshake(user.token);
    const second = await handshake(user.token);
    expect([first.outcome, second.outcome]).toEqual(['connected', 'connected']);
    const third = await handshake(user.token);
    expect(third.outcome).toBe('RATE_LIMITED');
    expect(third.data).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/session/) });
    const otherSession = await tokenFor(t, user.username, user.password);
    const fromLaptop = await handshake(otherSession);
    expect(fromLaptop.outcome).toBe('connected');
    const fourth = await handshake(otherSession);
    expect(fourth.outcome).toBe('RATE_LIMITED');
    expect(fourth.data).toMatchObject({ message: expect.stringMatching(/3 connections/) });
    first.close();
    await expect
      .poll(async () => {
        const again = await handshake(otherSession);
        again.close();
        return again.outcome;
      })
      .toBe('connected');
    second.close();
    fromLaptop.close();
    await setChatLimits({});
  });

  it('the event budget is the user’s across all their sockets, and a sync costs ten events', async () => {
    await setChatLimits({ eventsPerSecond: 20 });
    const greedy = await newUser(t);
    const bystander: TestUser = await newUser(t);
    const room = (
      await api(t, greedy.token, 'POST', '/api/rooms', { name: `budget ${Date.now()}`, visibility: 'public' })
    ).json<Room>();
    expect((await api(t, bystander.token, 'POST', `/api/rooms/${room.id}/join`)).status).toBe(200);
    const tabs = await Promise.all([1, 2, 3].map(() => sockets.connect(greedy)));
    const answers = await Promise.all(
      tabs.flatMap((socket) =>
        Array.from({ length: 10 }, () => emit(socket, 'typing', { roomId: room.id, typing: true })),
      ),
    );
    const limited = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(10); // 30 events against a budget of 20 per second for the user
    const other = await connectAs(t, bystander.token);
    try {
      expect(await emit(other, 'typing', { roomId: room.id, typing: true })).toMatchObject({ ok: true });
    } finally {
      other.close();
    }
    const fresh = await newUser(t);
    expect((await api(t, fresh.token, 'POST', `/api/rooms/${room.id}/join`)).status).toBe(200);
    const syncer = await sockets.connect(fresh);
    const syncs = [];
    for (let i = 0; i < 3; i++) syncs.push(await emit(syncer, 'sync', { roomId: room.id, afterId: 0 }));
    expect(syncs.slice(0, 2).every((a) => a.ok)).toBe(true);
    expect(syncs[2]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    await setChatLimits({});
  });

  it('refuses socket caps and room quotas out of range with VALIDATION_FAILED', async () => {
    for (const bad of [{ maxSocketsPerUser: 0 }, { maxSocketsPerSession: 5000 }, { roomsPerHour: -1 }]) {
      const response = await putChatLimits(bad);
      expect(response.status).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });
});
