import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../../common/clock.js';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../../test/harness.js';
import { adminToken, api, login, newPassword, newUser, tokenFor } from '../../../test/factories.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // These tests fail many logins from 127.0.0.1; the per-address limit has its own test below.
  await setThrottle(1000);
});

async function setThrottle(maxFailuresPerIp: number, admin?: string): Promise<void> {
  const response = await api(
    t,
    admin ?? (await adminToken(t)),
    'PUT',
    '/api/admin/settings/security.loginThrottle',
    {
      value: { maxFailuresPerIp, windowMinutes: 15 },
    },
  );
  expect(response.status).toBe(200);
}
afterAll(() => t.close());

const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string } }>().error;

describe('login: bad input', () => {
  it('wrong password and unknown user get exactly the same answer', async () => {
    const user = await newUser(t);
    const wrong = await login(t, user.username, 'not the password at all');
    const unknown = await login(t, 'nobody-by-this-name', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
  });

  it.each([
    ['missing username', { password: 'x' }, 'username'],
    ['missing password', { username: 'admin' }, 'password'],
    ['password over 128 characters', { username: 'admin', password: 'p'.repeat(129) }, 'password'],
    ['username over 64 characters', { username: 'u'.repeat(65), password: 'x' }, 'username'],
    ['wrong types', { username: 42, password: ['x'] }, 'username'],
  ])('%s → 400 VALIDATION_FAILED naming the field', async (_name, body, field) => {
    const response = await t.request('/api/auth/login', { method: 'POST', body });
    expect(response.status).toBe(400);
    const error = response.json<{ error: { code: string; details: { fields: Array<{ path: string }> } } }>()
      .error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.fields.map((f) => f.path)).toContain(field);
  });

  it('a body that is not JSON → 400, and the server keeps serving', async () => {
    const response = await t.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'username=admin&password=x',
    });
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    expect((await login(t, 'admin', TEST_ADMIN_PASSWORD)).status).toBe(200);
  });

  it('a disabled account is refused with ACCOUNT_DISABLED, its sessions ended', async () => {
    const user = await newUser(t);
    const admin = await adminToken(t);
    expect((await api(t, admin, 'PUT', `/api/admin/users/${user.id}`, { status: 'disabled' })).status).toBe(
      200,
    );
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(401);
    const refused = await login(t, user.username, user.password);
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe('ACCOUNT_DISABLED');
    // …but a wrong password still gets the ordinary answer, so nothing is revealed without the password.
    expect(errorOf(await login(t, user.username, 'wrong wrong wrong')).code).toBe('INVALID_CREDENTIALS');
  });

  it('writes no password or token to the logs or the audit trail', async () => {
    const user = await newUser(t);
    await login(t, user.username, 'a guess that must not be logged');
    const token = await tokenFor(t, user.username, user.password);
    const logDir = join(t.config.dataDir, 'logs');
    const logs = readdirSync(logDir)
      .filter((name) => name.endsWith('.log'))
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('\n');
    const admin = await adminToken(t);
    const audit = (await api(t, admin, 'GET', `/api/admin/audit?range=[0,499]`)).text;
    for (const secret of [user.password, 'a guess that must not be logged', token, TEST_ADMIN_PASSWORD]) {
      expect(logs).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
  });
});

describe('password change', () => {
  it('refuses a wrong current password and a password the policy rejects', async () => {
    const user = await newUser(t);
    const wrongCurrent = await api(t, user.token, 'POST', '/api/auth/password', {
      currentPassword: 'not it at all',
      newPassword: newPassword(),
    });
    expect(wrongCurrent.status).toBe(400);
    const common = await api(t, user.token, 'POST', '/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'password1234',
    });
    expect(common.status).toBe(400);
    const short = await api(t, user.token, 'POST', '/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect((await login(t, user.username, user.password)).status).toBe(200);
  });

  it('changes it, keeps this session, ends the others, and the old password stops working', async () => {
    const user = await newUser(t);
    const other = await tokenFor(t, user.username, user.password);
    const next = newPassword();
    const changed = await api(t, user.token, 'POST', '/api/auth/password', {
      currentPassword: user.password,
      newPassword: next,
    });
    expect(changed.status).toBe(204);
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await api(t, other, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await login(t, user.username, user.password)).status).toBe(401);
    expect((await login(t, user.username, next)).status).toBe(200);
  });

  it('a temporary password allows nothing but changing it', async () => {
    const admin = await adminToken(t);
    const temporary = newPassword();
    const created = await api(t, admin, 'POST', '/api/admin/users', {
      username: `temp-${Date.now()}`,
      displayName: 'Temp',
      password: temporary,
      roles: ['member'],
    });
    const { username } = created.json<{ username: string }>();
    const response = await login(t, username, temporary);
    expect(response.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(true);
    const token = response.json<{ token: string }>().token;
    const blocked = await api(t, token, 'PUT', '/api/auth/me', { language: 'en' });
    expect(blocked.status).toBe(403);
    expect(errorOf(blocked).code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await api(t, token, 'GET', '/api/auth/me')).status).toBe(200);
    const next = newPassword();
    expect(
      (await api(t, token, 'POST', '/api/auth/password', { currentPassword: temporary, newPassword: next }))
        .status,
    ).toBe(204);
    expect((await api(t, token, 'PUT', '/api/auth/me', { language: 'en' })).status).toBe(200);
  });

  it('an admin reset gives a temporary password once, ends the user’s sessions and forces a change', async () => {
    const user = await newUser(t);
    const admin = await adminToken(t);
    const reset = await api(t, admin, 'POST', `/api/admin/users/${user.id}/reset-password`);
    expect(reset.status).toBe(200);
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(401);
    const next = await login(t, user.username, temporaryPassword);
    expect(next.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(true);
  });
});

describe('lockout', () => {
  it('locks after 5 failures, answers known and unknown names alike, and an admin unlock lets the user in', async () => {
    const user = await newUser(t);
    const ghost = `ghost-${Date.now()}`;
    const answers = { real: [] as unknown[], ghost: [] as unknown[] };
    for (let i = 0; i < 5; i++) {
      const real = await login(t, user.username, `wrong guess ${i}`);
      const fake = await login(t, ghost, `wrong guess ${i}`);
      answers.real.push([real.status, real.json()]);
      answers.ghost.push([fake.status, fake.json()]);
    }
    expect(answers.real).toEqual(answers.ghost);
    expect(answers.real.map((a) => (a as [number])[0])).toEqual([401, 401, 401, 401, 423]);
    const lockedNow = await login(t, user.username, user.password);
    expect(lockedNow.status).toBe(423);
    const error = lockedNow.json<{ error: { code: string; details: { retryAfterSeconds: number } } }>().error;
    expect(error.code).toBe('ACCOUNT_LOCKED');
    expect(error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(Number(lockedNow.headers['retry-after'])).toBe(error.details.retryAfterSeconds);

    const admin = await adminToken(t);
    const listed = await api(t, admin, 'GET', `/api/admin/users/${user.id}`);
    expect(listed.json()).toMatchObject({ status: 'locked', failedLogins: 5 });
    expect((await api(t, admin, 'POST', `/api/admin/users/${user.id}/unlock`)).status).toBe(204);
    expect((await api(t, admin, 'GET', `/api/admin/users/${user.id}`)).json()).toMatchObject({
      status: 'active',
      failedLogins: 0,
      lockedUntil: null,
    });
    expect((await login(t, user.username, user.password)).status).toBe(200);

    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ target: `user:${user.id}` }))}&range=[0,99]`,
    );
    const actions = audit.json<Array<{ action: string; ip: string | null }>>();
    expect(actions.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'auth.login.failed',
        'user.locked',
        'auth.login.refused_locked',
        'user.unlocked',
        'auth.login.succeeded',
      ]),
    );
    expect(actions.find((e) => e.action === 'auth.login.failed')?.ip).toMatch(/127\.0\.0\.1/);
  });

  it('the lock runs out on its own, and the next one lasts twice as long', async () => {
    const user = await newUser(t);
    const clock = t.server.app.get(Clock);
    for (let i = 0; i < 5; i++) await login(t, user.username, `nope ${i}`);
    clock.advance(15 * 60_000 + 1000);
    for (let i = 0; i < 5; i++) await login(t, user.username, `nope again ${i}`);
    const second = await login(t, user.username, user.password);
    const seconds = second.json<{ error: { details: { retryAfterSeconds: number } } }>().error.details
      .retryAfterSeconds;
    expect(seconds).toBeGreaterThan(29 * 60);
    clock.advance(30 * 60_000 + 1000);
    expect((await login(t, user.username, user.password)).status).toBe(200);
  });

  it('parallel guesses cannot get past the limit', async () => {
    const user = await newUser(t);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(t, user.username, `parallel ${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 423)).toHaveLength(8);
  });
});

describe('per-address throttling', () => {
  it('stops one address that fails across many accounts, with 429 and Retry-After', async () => {
    const user = await newUser(t);
    const admin = await adminToken(t); // signed in before the address is blocked
    await setThrottle(5, admin);
    try {
      for (let i = 0; i < 5; i++)
        expect((await login(t, `spray-${i}-${Date.now()}`, 'Summer2026!')).status).toBe(401);
      const limited = await login(t, user.username, user.password);
      expect(limited.status).toBe(429);
      expect(errorOf(limited).code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await setThrottle(1000, admin);
    }
    // A new limit starts a new count, and the right password works again.
    expect((await login(t, user.username, user.password)).status).toBe(200);
  });
});
