import type { SettingRow } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

describe('settings for the console’s forms', () => {
  it('describes each setting’s value as form fields from its own schema', async () => {
    const rows = (await api(t, admin, 'GET', '/api/admin/settings?range=[0,99]')).json<SettingRow[]>();
    expect(rows.length).toBeGreaterThan(10);
    // Every setting the server declares has a form today; JSON is the fallback for future shapes.
    expect(rows.filter((r) => r.fields === null).map((r) => r.key)).toEqual([]);
    const lockout = rows.find((r) => r.key === 'security.lockout');
    expect(lockout?.fields).toEqual([
      { name: 'maxFailedAttempts', type: 'integer', nullable: false, required: true, min: 3, max: 50 },
      { name: 'lockMinutes', type: 'integer', nullable: false, required: true, min: 1, max: 1440 },
      { name: 'maxLockMinutes', type: 'integer', nullable: false, required: true, min: 1, max: 10080 },
    ]);
    const retention = (await api(t, admin, 'GET', '/api/admin/settings/retention.policy')).json<SettingRow>();
    expect(retention.fields?.find((f) => f.name === 'auditDays')).toMatchObject({ nullable: true, min: 90 });
    const bodies = (
      await api(t, admin, 'GET', '/api/admin/settings/encryption.messageBodies')
    ).json<SettingRow>();
    expect(bodies.fields).toEqual([{ name: '', type: 'boolean', nullable: false, required: true }]);
  });

  it('checks a value without saving it: ok, or every refused field with its reason', async () => {
    const good = await api(t, admin, 'POST', '/api/admin/settings/security.lockout/check', {
      value: { maxFailedAttempts: 6, lockMinutes: 15, maxLockMinutes: 1440 },
    });
    expect(good.status, good.text).toBe(200);
    expect(good.json()).toEqual({ ok: true });
    const stored = (await api(t, admin, 'GET', '/api/admin/settings/security.lockout')).json<SettingRow>();
    expect(stored).toMatchObject({ value: { maxFailedAttempts: 5 }, updatedAt: null });

    const bad = await api(t, admin, 'POST', '/api/admin/settings/security.lockout/check', {
      value: { maxFailedAttempts: 2, lockMinutes: 'soon', maxLockMinutes: 1440 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: {
          fields: [
            { path: 'value.maxFailedAttempts', message: expect.stringMatching(/>=\s*3/) },
            { path: 'value.lockMinutes', message: expect.stringMatching(/number/) },
          ],
        },
      },
    });
  });

  it('refuses bad requests to the check: unknown key, no value, no permission', async () => {
    const unknown = await api(t, admin, 'POST', '/api/admin/settings/no.such/check', { value: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const empty = await api(t, admin, 'POST', '/api/admin/settings/security.lockout/check', {});
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const extra = await api(t, admin, 'POST', '/api/admin/settings/security.lockout/check', 'not json');
    expect(extra.status).toBe(400);
    const member = await newUser(t);
    const refused = await api(t, member.token, 'POST', '/api/admin/settings/security.lockout/check', {
      value: { maxFailedAttempts: 6, lockMinutes: 15, maxLockMinutes: 1440 },
    });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
