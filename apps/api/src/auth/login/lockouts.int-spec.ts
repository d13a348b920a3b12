import type { Lockout, ThrottledAddress } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, login, newUser } from '../../../test/factories.js';
import { startTestServer, type TestServer } from '../../../test/harness.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

describe('lockouts queue', () => {
  it('lists a locked account with why, since when, until when, from where and how many attempts', async () => {
    const user = await newUser(t);
    for (let i = 0; i < 5; i++) await login(t, user.username, `wrong guess ${i}`);

    const response = await api(t, admin, 'GET', '/api/admin/lockouts');
    expect(response.status).toBe(200);
    expect(response.headers['content-range']).toMatch(/^lockouts 0-\d+\/\d+$/);
    const row = response.json<Lockout[]>().find((l) => l.userId === user.id);
    expect(row).toMatchObject({
      id: user.id,
      username: user.username,
      attempts: 5,
      lockCount: 1,
      reasons: ['password'],
    });
    expect(row!.addresses).toEqual([{ ip: expect.stringMatching(/127\.0\.0\.1/), attempts: 5 }]);
    expect(Date.parse(row!.lockedUntil) - Date.parse(row!.lockedAt!)).toBeGreaterThan(14 * 60_000);
    expect(row!.lastAttemptAt).not.toBeNull();

    expect((await api(t, admin, 'POST', `/api/admin/users/${user.id}/unlock`)).status).toBe(204);
    const after = await api(t, admin, 'GET', '/api/admin/lockouts');
    expect(after.json<Lockout[]>().some((l) => l.userId === user.id)).toBe(false);
    expect((await login(t, user.username, user.password)).status).toBe(200);
  });

  it('lists the addresses with failed logins, marks the throttled ones, and lifts a throttle', async () => {
    const set = await api(t, admin, 'PUT', '/api/admin/settings/security.loginThrottle', {
      value: { maxFailuresPerIp: 5, windowMinutes: 15 },
    });
    expect(set.status).toBe(200);
    for (let i = 0; i < 6; i++) await login(t, `nobody-${i}`, 'wrong password');
    expect((await login(t, 'nobody-else', 'wrong')).status).toBe(429);

    const listed = await api(t, admin, 'GET', '/api/admin/login-throttle');
    expect(listed.status).toBe(200);
    const rows = listed.json<ThrottledAddress[]>();
    const local = rows.find((r) => r.ip.includes('127.0.0.1'));
    expect(local).toMatchObject({ id: local!.ip, throttled: true, limit: 5 });
    expect(local!.failures).toBeGreaterThanOrEqual(5);
    expect(local!.resetInSeconds).toBeGreaterThan(0);

    const lift = await api(t, admin, 'DELETE', `/api/admin/login-throttle/${encodeURIComponent(local!.ip)}`);
    expect(lift.status).toBe(204);
    expect((await login(t, 'nobody-else', 'wrong')).status).toBe(401);
    const again = await api(t, admin, 'DELETE', '/api/admin/login-throttle/10.9.9.9');
    expect(again.status).toBe(404);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');

    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'auth.throttle.lifted' }))}`,
    );
    expect(audit.json<Array<{ target: string }>>()[0]?.target).toBe(`ip:${local!.ip}`);
  });

  it('refuses both lists to a member', async () => {
    const member = await newUser(t);
    for (const path of ['/api/admin/lockouts', '/api/admin/login-throttle']) {
      const response = await api(t, member.token, 'GET', path);
      expect(response.status).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    }
  });
});
