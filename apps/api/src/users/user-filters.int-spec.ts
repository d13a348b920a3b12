import type { AdminUser, TwoFactorSetup } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { totpAt } from '../../test/totp.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const list = async (filter: object) =>
  (
    await api(
      t,
      admin,
      'GET',
      `/api/admin/users?range=[0,99]&filter=${encodeURIComponent(JSON.stringify(filter))}`,
    )
  ).json<AdminUser[]>();

describe('the users list filtered by two-factor authentication', () => {
  it('tells enrolled accounts from the others; an unconfirmed setup does not count', async () => {
    const [enrolled, started, plain] = [await newUser(t), await newUser(t), await newUser(t)];
    const setup = (await api(t, enrolled.token, 'POST', '/api/auth/2fa/setup')).json<TwoFactorSetup>();
    const confirmed = await api(t, enrolled.token, 'POST', '/api/auth/2fa/confirm', {
      code: await totpAt(t, setup.secret),
    });
    expect(confirmed.status).toBe(200);
    expect((await api(t, started.token, 'POST', '/api/auth/2fa/setup')).status).toBe(200);

    const withTwoFactor = (await list({ twoFactor: true })).map((u) => u.username);
    expect(withTwoFactor).toEqual([enrolled.username]);
    const without = (await list({ twoFactor: false })).map((u) => u.username);
    expect(without).toEqual(expect.arrayContaining([started.username, plain.username, 'admin']));
    expect(without).not.toContain(enrolled.username);
    expect((await list({ twoFactor: true, q: plain.username })).length).toBe(0);
  });
});
