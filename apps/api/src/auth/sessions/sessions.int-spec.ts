import { loginResponseSchema, sessionUserSchema } from '@atrio/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { RealtimeGateway } from '../../realtime/realtime.gateway.js';
import { SessionActivity } from './session-activity.service.js';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../../test/harness.js';
import { api, login, newUser, tokenFor } from '../../../test/factories.js';
import { eventually } from '../../../test/eventually.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

function connect(token: string | undefined, extra: Record<string, unknown> = {}): Socket {
  return io(t.baseUrl, {
    ca: t.ca,
    transports: ['websocket'],
    reconnection: false,
    auth: token ? { token } : {},
    ...extra,
  });
}

/** Resolves with "connected" or the connect_error message. */
function outcome(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.on('connect', () => resolve('connected'));
    socket.on('connect_error', (error) => resolve(error.message));
  });
}

function disconnection(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
}

describe('login and sessions over HTTPS', () => {
  it('logs in with the contract answer and a Secure, HttpOnly, SameSite=Strict cookie', async () => {
    const response = await login(t, 'admin', TEST_ADMIN_PASSWORD);
    expect(response.status).toBe(200);
    const body = loginResponseSchema.parse(response.json());
    expect(body.token.length).toBeGreaterThanOrEqual(40); // 256 bits, base64url
    expect(body.user).toMatchObject({ username: 'admin', roles: ['admin'], mustChangePassword: false });
    expect(body.user.permissions).toContain('users.manage');
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain(`atrio_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('accepts usernames in any case and with surrounding spaces', async () => {
    expect((await login(t, '  ADMIN ', TEST_ADMIN_PASSWORD)).status).toBe(200);
  });

  it('GET /api/auth/me answers the user; without a token 401 UNAUTHORIZED', async () => {
    const token = await tokenFor(t, 'admin', TEST_ADMIN_PASSWORD);
    const me = await api(t, token, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(sessionUserSchema.parse(me.json()).username).toBe('admin');
    const anonymous = await t.request('/api/auth/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it.each([
    ['a random token', 'x'.repeat(43)],
    ['an empty bearer', ''],
    ['a token with a forged character', 'TAMPER'],
  ])('refuses %s with 401', async (_name, token) => {
    let value = token;
    if (token === 'TAMPER') {
      const real = await tokenFor(t, 'admin', TEST_ADMIN_PASSWORD);
      value = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    }
    const response = await t.request('/api/auth/me', { headers: { authorization: `Bearer ${value}` } });
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('refuses a cookie-authenticated change from another site (CSRF) but accepts it from our origin', async () => {
    const response = await login(t, 'admin', TEST_ADMIN_PASSWORD);
    const token = response.json<{ token: string }>().token;
    const cookie = `atrio_session=${token}`;
    const body = { language: 'en' };
    const crossSite = await t.request('/api/auth/me', {
      method: 'PUT',
      body,
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await t.request('/api/auth/me', { method: 'PUT', body, headers: { cookie } });
    expect(noOrigin.status).toBe(403);
    const sameSite = await t.request('/api/auth/me', {
      method: 'PUT',
      body,
      headers: { cookie, origin: t.baseUrl },
    });
    expect(sameSite.status).toBe(200);
    const read = await t.request('/api/auth/me', { headers: { cookie } });
    expect(read.json()).toMatchObject({ settings: { language: 'en' } });
  });

  it('logout ends the session everywhere: REST at once, and the open socket is dropped', async () => {
    const user = await newUser(t);
    const token = await tokenFor(t, user.username, user.password);
    const socket = connect(token);
    expect(await outcome(socket)).toBe('connected');
    const dropped = disconnection(socket);
    expect((await api(t, token, 'POST', '/api/auth/logout')).status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
    expect((await api(t, token, 'GET', '/api/auth/me')).status).toBe(401);
    const again = connect(token);
    expect(await outcome(again)).toBe('UNAUTHORIZED');
    again.close();
  });

  it('refuses a socket without a token, and one from another site riding on the cookie', async () => {
    const anonymous = connect(undefined);
    expect(await outcome(anonymous)).toBe('UNAUTHORIZED');
    anonymous.close();
    const token = await tokenFor(t, 'admin', TEST_ADMIN_PASSWORD);
    const crossSite = connect(undefined, {
      extraHeaders: { cookie: `atrio_session=${token}`, origin: 'https://evil.example' },
    });
    expect(await outcome(crossSite)).toBe('FORBIDDEN');
    crossSite.close();
  });

  it('"log out everywhere" ends every session of the user', async () => {
    const user = await newUser(t);
    const other = await tokenFor(t, user.username, user.password);
    expect(
      (await api(t, user.token, 'GET', '/api/auth/sessions')).json<unknown[]>().length,
    ).toBeGreaterThanOrEqual(2);
    expect((await api(t, other, 'POST', '/api/auth/logout-all')).status).toBe(204);
    expect((await api(t, other, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('lists my sessions and ends one of them by id', async () => {
    const user = await newUser(t);
    const second = await tokenFor(t, user.username, user.password);
    const sessions = (await api(t, second, 'GET', '/api/auth/sessions')).json<
      Array<{ id: string; current: boolean }>
    >();
    const notCurrent = sessions.find((s) => !s.current)!;
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect((await api(t, second, 'DELETE', `/api/auth/sessions/${notCurrent.id}`)).status).toBe(204);
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(t, second, 'DELETE', '/api/auth/sessions/no-such-session')).status).toBe(404);
  });

  it('an administrator revokes a user’s sessions: token refused, socket dropped', async () => {
    const user = await newUser(t);
    const socket = connect(user.token);
    expect(await outcome(socket)).toBe('connected');
    const dropped = disconnection(socket);
    const admin = await tokenFor(t, 'admin', TEST_ADMIN_PASSWORD);
    expect((await api(t, admin, 'POST', `/api/admin/users/${user.id}/revoke-sessions`)).status).toBe(204);
    await dropped;
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('session expiry (clock moved, never slept)', () => {
  it('ends a session after 30 idle minutes and drops its socket', async () => {
    const user = await newUser(t);
    const socket = connect(user.token);
    expect(await outcome(socket)).toBe('connected');
    const dropped = disconnection(socket);
    t.server.app.get(Clock).advance(29 * 60_000);
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(200); // activity resets idle time
    t.server.app.get(Clock).advance(31 * 60_000);
    await t.server.app.get(RealtimeGateway).dropExpired();
    await dropped;
    const expired = await api(t, user.token, 'GET', '/api/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('chatting over a socket alone keeps the session alive; a silent one still ends', async () => {
    const users = [await newUser(t), await newUser(t), await newUser(t)];
    const silentUser = await newUser(t);
    const sockets = users.map((user) => connect(user.token));
    const silent = connect(silentUser.token);
    const outcomes = [...sockets, silent].map(outcome);
    for (const result of outcomes) expect(await result).toBe('connected');
    const silentDropped = disconnection(silent);
    const clock = t.server.app.get(Clock);
    clock.advance(29 * 60_000);
    for (const socket of sockets) {
      // Any well-formed event is activity, even one the server refuses (no such room here).
      const answer = await socket.timeout(5_000).emitWithAck('sync', { roomId: 999_999, afterId: 0 });
      expect(answer).toMatchObject({ ok: false });
    }
    await t.server.app.get(SessionActivity).flush(); // written together, at most 2 s later otherwise
    clock.advance(2 * 60_000); // 31 minutes after login, 2 after the socket activity
    await t.server.app.get(RealtimeGateway).dropExpired();
    await silentDropped;
    for (const socket of sockets) expect(socket.connected).toBe(true);
    for (const user of users) expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await api(t, silentUser.token, 'GET', '/api/auth/me')).status).toBe(401);
    sockets.forEach((socket) => socket.close());
  });

  it('writes socket activity on its own within two seconds, for everyone at once', async () => {
    const users = [await newUser(t), await newUser(t)];
    const sockets = users.map((user) => connect(user.token));
    const outcomes = sockets.map(outcome);
    for (const result of outcomes) expect(await result).toBe('connected');
    const lastSeen = async () =>
      (await t.server.app
        .get(DataSource)
        .query(`SELECT id, last_seen_at FROM sessions ORDER BY id`)) as Array<{
        id: string;
        last_seen_at: number;
      }>;
    const clock = t.server.app.get(Clock);
    clock.advance(10 * 60_000);
    const before = await lastSeen();
    const touchedAt = clock.now().getTime();
    for (const socket of sockets) {
      await socket.timeout(5_000).emitWithAck('sync', { roomId: 999_999, afterId: 0 });
    }
    expect(await lastSeen()).toEqual(before); // not yet: collected first
    const movedRows = async () =>
      (await lastSeen()).filter((row, i) => Number(row.last_seen_at) > Number(before[i]!.last_seen_at));
    // The timer's own flush, no explicit one: both rows within the two seconds (and some slack).
    await eventually('both sessions written', async () => (await movedRows()).length === 2, {
      timeoutMs: 2_500,
    });
    const moved = await movedRows();
    expect(moved).toHaveLength(2);
    const written = new Set(moved.map((row) => Number(row.last_seen_at)));
    expect(written.size).toBe(1); // one statement for both
    expect([...written][0]).toBeGreaterThanOrEqual(touchedAt);
    expect([...written][0]).toBeLessThanOrEqual(clock.now().getTime());
    sockets.forEach((socket) => socket.close());
  });

  it('ends a session after 12 hours even when it is used all along', async () => {
    const user = await newUser(t);
    const clock = t.server.app.get(Clock);
    for (let step = 0; step < 35; step++) {
      clock.advance(20 * 60_000); // 35 × 20 min = 11 h 40 min, never idle for 30
      expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(200);
    }
    clock.advance(21 * 60_000);
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(401);
  });
});
