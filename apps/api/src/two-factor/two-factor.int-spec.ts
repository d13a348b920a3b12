import {
  type AdminUser,
  recoveryCodesSchema,
  type Role,
  sessionUserSchema,
  twoFactorSetupSchema,
} from '@atrio/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { adminToken, api, login, newUser, type TestUser } from '../../test/factories.js';
import type { HttpResponse } from '../../test/http-client.js';
import { totpAt, wrongTotp } from '../../test/totp.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const STEP_MS = 30_000;
const clock = () => t.server.app.get(Clock);

interface ErrorBody {
  error: { code: string; message: string; details?: { fields: Array<{ path: string }> } };
}
const errorOf = (response: HttpResponse) => response.json<ErrorBody>().error;

const codeAt = (secret: string, offsetSteps = 0) => totpAt(t, secret, offsetSteps);
const wrongCode = (secret: string) => wrongTotp(t, secret);

/** Enrols through the API, then moves past the step the confirmation spent. */
async function enrol(user: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await api(t, user.token, 'POST', '/api/auth/2fa/setup');
  expect(setup.status).toBe(200);
  const { secret } = twoFactorSetupSchema.parse(setup.json());
  const confirmed = await api(t, user.token, 'POST', '/api/auth/2fa/confirm', { code: await codeAt(secret) });
  expect(confirmed.status).toBe(200);
  clock().advance(STEP_MS);
  return { secret, recoveryCodes: recoveryCodesSchema.parse(confirmed.json()).recoveryCodes };
}

const failedLogins = async (user: TestUser) =>
  (await api(t, admin, 'GET', `/api/admin/users/${user.id}`)).json<AdminUser>().failedLogins;

describe('enrolment and login with a second factor', () => {
  it('enrols, then requires a fresh code (or a recovery code) at every login', async () => {
    const user = await newUser(t);
    const setup = await api(t, user.token, 'POST', '/api/auth/2fa/setup');
    expect(setup.status).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = twoFactorSetupSchema.parse(setup.json());
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(new RegExp(`^otpauth://totp/Atrio:${user.username}\\?.*secret=${secret}`));
    expect(qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    // Not enabled until confirmed: the password alone still signs in.
    expect((await login(t, user.username, user.password)).status).toBe(200);

    const confirmed = await api(t, user.token, 'POST', '/api/auth/2fa/confirm', {
      code: await codeAt(secret),
    });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = recoveryCodesSchema.parse(confirmed.json());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const noCode = await login(t, user.username, user.password);
    expect(noCode.status).toBe(401);
    expect(errorOf(noCode).code).toBe('TOTP_REQUIRED');
    expect(await failedLogins(user)).toBe(0); // the password was right: not a failure

    const wrong = await login(t, user.username, user.password, await wrongCode(secret));
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
    expect(await failedLogins(user)).toBe(1);

    // The confirmation spent the current step; the authenticator shows a new code 30 s later.
    clock().advance(STEP_MS);
    const code = await codeAt(secret);
    expect((await login(t, user.username, user.password, code)).status).toBe(200);
    expect(await failedLogins(user)).toBe(0);
    const replay = await login(t, user.username, user.password, code);
    expect(replay.status).toBe(401);
    expect(errorOf(replay).code).toBe('INVALID_CREDENTIALS');

    clock().advance(STEP_MS);
    expect((await login(t, user.username, user.password, await codeAt(secret))).status).toBe(200);

    const typed = recoveryCodes[0]!.toLowerCase().replace('-', ' ');
    expect((await login(t, user.username, user.password, typed)).status).toBe(200);
    const again = await login(t, user.username, user.password, recoveryCodes[0]);
    expect(again.status).toBe(401);
    expect(errorOf(again).code).toBe('INVALID_CREDENTIALS');
    expect((await login(t, user.username, user.password, recoveryCodes[1])).status).toBe(200);

    const me = sessionUserSchema.parse((await api(t, user.token, 'GET', '/api/auth/me')).json());
    expect(me).toMatchObject({ twoFactorEnabled: true, mustEnrollTwoFactor: false });
    const trail = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ target: `user:${user.id}` }))}&range=[0,99]`,
    );
    expect(trail.json<Array<{ action: string }>>().map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'two_factor.enabled',
        'auth.login.totp_required',
        'two_factor.recovery_code.used',
      ]),
    );
    expect(trail.text).not.toContain(secret);
    expect(trail.text).not.toContain(recoveryCodes[0]);
  });

  it('turns off only with a right code', async () => {
    const user = await newUser(t);
    const { secret } = await enrol(user);
    const wrong = await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: await wrongCode(secret) });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'code' }] },
    });
    expect(errorOf(await login(t, user.username, user.password)).code).toBe('TOTP_REQUIRED');

    const off = await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: await codeAt(secret) });
    expect(off.status).toBe(204);
    expect((await login(t, user.username, user.password)).status).toBe(200);
    expect((await api(t, user.token, 'GET', '/api/auth/me')).json()).toMatchObject({
      twoFactorEnabled: false,
    });
    const twice = await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: await codeAt(secret, 1) });
    expect(twice.status).toBe(409);
  });

  it('refuses malformed codes with VALIDATION_FAILED naming the field, and a second setup with CONFLICT', async () => {
    const user = await newUser(t);
    const notStarted = await api(t, user.token, 'POST', '/api/auth/2fa/confirm', { code: '123456' });
    expect(notStarted.status).toBe(404);
    expect(errorOf(notStarted).code).toBe('NOT_FOUND');
    await api(t, user.token, 'POST', '/api/auth/2fa/setup');
    for (const body of [
      {},
      { code: '12345' },
      { code: '1234567' },
      { code: 123456 },
      { code: 'abcdef' },
      [],
    ]) {
      const response = await api(t, user.token, 'POST', '/api/auth/2fa/confirm', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      if (!Array.isArray(body)) expect(error.details?.fields.map((f) => f.path)).toEqual(['code']);
    }
    for (const body of [{}, { code: '' }, { code: 'x'.repeat(33) }]) {
      const response = await api(t, user.token, 'DELETE', '/api/auth/2fa', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(response).details?.fields.map((f) => f.path)).toEqual(['code']);
    }
    const tooLong = await login(t, user.username, user.password, '1'.repeat(33));
    expect(tooLong.status).toBe(400);
    expect(errorOf(tooLong).details?.fields.map((f) => f.path)).toEqual(['totp']);

    await enrol(user);
    const again = await api(t, user.token, 'POST', '/api/auth/2fa/setup');
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('CONFLICT');
  });
});

describe('administrator reset', () => {
  it('removes the second factor of a user who lost it; only for user managers, by a valid id', async () => {
    const user = await newUser(t);
    await enrol(user);
    const member = await newUser(t);
    const forbidden = await api(t, member.token, 'POST', `/api/admin/users/${user.id}/reset-2fa`);
    expect(forbidden.status).toBe(403);
    expect(errorOf(forbidden).code).toBe('FORBIDDEN');
    expect(errorOf(await login(t, user.username, user.password)).code).toBe('TOTP_REQUIRED');

    for (const id of ['abc', '0', '-1', '1.5']) {
      const bad = await api(t, admin, 'POST', `/api/admin/users/${id}/reset-2fa`);
      expect(bad.status, id).toBe(400);
      expect(errorOf(bad)).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ path: 'id' }] },
      });
    }
    const unknown = await api(t, admin, 'POST', '/api/admin/users/99999999/reset-2fa');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('NOT_FOUND');

    const reset = await api(t, admin, 'POST', `/api/admin/users/${user.id}/reset-2fa`);
    expect(reset.status).toBe(204);
    expect(reset.text).toBe('');
    expect((await api(t, admin, 'GET', `/api/admin/users/${user.id}`)).json()).toMatchObject({
      twoFactorEnabled: false,
    });
    expect((await login(t, user.username, user.password)).status).toBe(200);
    // …and the user may enrol again.
    expect((await api(t, user.token, 'POST', '/api/auth/2fa/setup')).status).toBe(200);
  });
});

describe('roles that require two-factor authentication', () => {
  function socketOutcome(token: string): Promise<string> {
    const socket = io(t.baseUrl, {
      ca: t.ca,
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
    });
    return new Promise<string>((resolve) => {
      socket.on('connect', () => resolve('connected'));
      socket.on('connect_error', (error) => resolve(error.message));
    }).finally(() => socket.close());
  }

  it('lets a user holding one do nothing but enrol, then everything', async () => {
    const created = await api(t, admin, 'POST', '/api/admin/roles', {
      name: `secure-${Date.now()}`,
      permissions: ['messages.send'],
      requireTwoFactor: true,
    });
    expect(created.status).toBe(201);
    const role = created.json<Role>();
    expect(role.requireTwoFactor).toBe(true);
    const user = await newUser(t);
    expect((await api(t, user.token, 'PUT', '/api/auth/me', { language: 'en' })).status).toBe(200);
    const granted = await api(t, admin, 'PUT', `/api/admin/users/${user.id}`, {
      roles: ['member', role.name],
    });
    expect(granted.status).toBe(200);

    // The live session is restricted from its next request on.
    const blocked = await api(t, user.token, 'PUT', '/api/auth/me', { language: 'es' });
    expect(blocked.status).toBe(403);
    expect(errorOf(blocked).code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    expect((await api(t, user.token, 'GET', '/api/auth/me')).json()).toMatchObject({
      mustEnrollTwoFactor: true,
      twoFactorEnabled: false,
    });
    expect(await socketOutcome(user.token)).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    // Signing in again does not get around it.
    const fresh = (await login(t, user.username, user.password)).json<{ token: string }>().token;
    expect(errorOf(await api(t, fresh, 'PUT', '/api/auth/me', { language: 'es' })).code).toBe(
      'TWO_FACTOR_ENROLMENT_REQUIRED',
    );

    await enrol(user);
    expect((await api(t, user.token, 'PUT', '/api/auth/me', { language: 'es' })).status).toBe(200);
    expect((await api(t, fresh, 'GET', '/api/auth/me')).json()).toMatchObject({
      mustEnrollTwoFactor: false,
      twoFactorEnabled: true,
    });
    expect(await socketOutcome(user.token)).toBe('connected');
  });
});
