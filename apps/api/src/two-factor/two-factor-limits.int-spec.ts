import { recoveryCodesSchema, twoFactorSetupSchema } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { adminToken, api, login, newUser, type TestUser } from '../../test/factories.js';
import type { HttpResponse } from '../../test/http-client.js';
import { totpAt, wrongTotp } from '../../test/totp.js';
import { MAX_WRONG_CODES, WRONG_CODE_WINDOW_SECONDS } from './code-guess-limiter.js';

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
  error: { code: string; message: string; details?: { retryAfterSeconds?: number } };
}
const errorOf = (response: HttpResponse) => response.json<ErrorBody>().error;

const codeAt = (secret: string, offsetSteps = 0) => totpAt(t, secret, offsetSteps);
const wrongCode = (secret: string) => wrongTotp(t, secret);

async function beginSetup(user: TestUser): Promise<string> {
  const setup = await api(t, user.token, 'POST', '/api/auth/2fa/setup');
  expect(setup.status).toBe(200);
  return twoFactorSetupSchema.parse(setup.json()).secret;
}

/** Enrols through the API, then moves past the step the confirmation spent. */
async function enrol(user: TestUser): Promise<string> {
  const secret = await beginSetup(user);
  const confirmed = await api(t, user.token, 'POST', '/api/auth/2fa/confirm', { code: await codeAt(secret) });
  expect(confirmed.status).toBe(200);
  clock().advance(STEP_MS);
  return secret;
}

function expectWrongCode(response: HttpResponse): void {
  expect(response.status).toBe(400);
  expect(errorOf(response).code).toBe('VALIDATION_FAILED');
}

function expectRateLimited(response: HttpResponse): void {
  expect(response.status).toBe(429);
  const error = errorOf(response);
  expect(error.code).toBe('RATE_LIMITED');
  const seconds = Number(response.headers['retry-after']);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(WRONG_CODE_WINDOW_SECONDS);
  expect(error.details?.retryAfterSeconds).toBe(seconds);
}

const twoFactorEnabled = async (user: TestUser) =>
  (await api(t, user.token, 'GET', '/api/auth/me')).json<{ twoFactorEnabled: boolean }>().twoFactorEnabled;

async function auditOf(user: TestUser): Promise<Array<{ action: string; outcome: string }>> {
  const filter = encodeURIComponent(JSON.stringify({ target: `user:${user.id}` }));
  const trail = await api(t, admin, 'GET', `/api/admin/audit?filter=${filter}&range=[0,99]`);
  expect(trail.status).toBe(200);
  return trail.json();
}

describe('wrong 2FA codes from a signed-in session', () => {
  it('refuses disabling after five wrong codes, even with a right code, and only for that user', async () => {
    const user = await newUser(t);
    const other = await newUser(t);
    const secret = await enrol(user);
    const otherSecret = await enrol(other);

    for (let i = 0; i < MAX_WRONG_CODES; i++) {
      expectWrongCode(await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: await wrongCode(secret) }));
    }
    expectRateLimited(await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: await codeAt(secret) }));
    expectRateLimited(await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: await wrongCode(secret) }));

    expect(await twoFactorEnabled(user)).toBe(true);
    expect(errorOf(await login(t, user.username, user.password)).code).toBe('TOTP_REQUIRED');
    const trail = await auditOf(user);
    const rejected = trail.filter((e) => e.action === 'two_factor.code.rejected');
    expect(rejected).toHaveLength(MAX_WRONG_CODES);
    expect(rejected.every((e) => e.outcome === 'failure')).toBe(true);
    expect(JSON.stringify(trail)).not.toContain(secret);

    // Another user is not affected.
    expectWrongCode(
      await api(t, other.token, 'DELETE', '/api/auth/2fa', { code: await wrongCode(otherSecret) }),
    );
    expect(
      (await api(t, other.token, 'DELETE', '/api/auth/2fa', { code: await codeAt(otherSecret) })).status,
    ).toBe(204);
    expect(await twoFactorEnabled(other)).toBe(false);
  });

  it('counts wrong codes across actions; a right code neither counts nor resets the count', async () => {
    const user = await newUser(t);
    const secret = await enrol(user);
    const regenerate = async (code: string) =>
      api(t, user.token, 'POST', '/api/auth/2fa/recovery-codes', { code });

    expectWrongCode(await regenerate(await wrongCode(secret)));
    expectWrongCode(await regenerate(await wrongCode(secret)));
    const fresh = await regenerate(await codeAt(secret));
    expect(fresh.status).toBe(200);
    expect(recoveryCodesSchema.parse(fresh.json()).recoveryCodes).toHaveLength(10);
    clock().advance(STEP_MS);

    for (let i = 2; i < MAX_WRONG_CODES; i++) {
      expectWrongCode(await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: await wrongCode(secret) }));
    }
    expectRateLimited(await regenerate(await codeAt(secret)));
    // A recovery code does not get around it either, and is not spent.
    const recoveryCode = recoveryCodesSchema.parse(fresh.json()).recoveryCodes[0]!;
    expectRateLimited(await api(t, user.token, 'DELETE', '/api/auth/2fa', { code: recoveryCode }));
    expect(await twoFactorEnabled(user)).toBe(true);
    expect((await login(t, user.username, user.password, recoveryCode)).status).toBe(200);
  });

  it('limits confirming an enrolment', async () => {
    const user = await newUser(t);
    const secret = await beginSetup(user);
    for (let i = 0; i < MAX_WRONG_CODES; i++) {
      expectWrongCode(
        await api(t, user.token, 'POST', '/api/auth/2fa/confirm', { code: await wrongCode(secret) }),
      );
    }
    expectRateLimited(
      await api(t, user.token, 'POST', '/api/auth/2fa/confirm', { code: await codeAt(secret) }),
    );
    expect(await twoFactorEnabled(user)).toBe(false);
    expect((await login(t, user.username, user.password)).status).toBe(200);
  });
});
