import type { Role } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTotp, rawQuery } from '../../test/encryption.js';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let admin: string;
let manager: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  const role = await api(t, admin, 'POST', '/api/admin/roles', {
    name: `user-manager-${Date.now()}`,
    permissions: ['users.read', 'users.manage', 'users.unlock', 'roles.manage'],
  });
  expect(role.status).toBe(201);
  // A member too, as a help-desk person is: acting on a member needs every permission a member holds.
  manager = await newUser(t, ['member', role.json<Role>().name]);
});
afterAll(() => t.close());

/** Every route that acts on one account, as the user manager would call it. */
const ACTIONS: Array<[string, string, (id: number) => string, unknown?]> = [
  ['profile', 'PUT', (id) => `/api/admin/users/${id}`, { displayName: 'Taken Over' }],
  ['e-mail', 'PUT', (id) => `/api/admin/users/${id}`, { email: 'attacker@example.org' }],
  ['disable', 'PUT', (id) => `/api/admin/users/${id}`, { status: 'disabled' }],
  ['reset 2FA', 'POST', (id) => `/api/admin/users/${id}/reset-2fa`],
  ['reset password', 'POST', (id) => `/api/admin/users/${id}/reset-password`],
  ['recovery code', 'POST', (id) => `/api/admin/users/${id}/reset-code`],
  ['revoke sessions', 'POST', (id) => `/api/admin/users/${id}/revoke-sessions`],
  ['unlock', 'POST', (id) => `/api/admin/users/${id}/unlock`],
  ['delete', 'DELETE', (id) => `/api/admin/users/${id}`],
];

describe('nobody acts on an account holding permissions they lack', () => {
  it('a user manager is refused every action on an administrator, and nothing changes', async () => {
    const target = await newUser(t, ['admin']);
    await enrolTotp(t, target);
    const before = (
      await rawQuery(t, 'SELECT display_name, email, status FROM users WHERE id = ?', [target.id])
    )[0];
    for (const [name, method, path, body] of ACTIONS) {
      const response = await api(t, manager.token, method, path(target.id), body);
      expect(response.status, name).toBe(403);
      expect(response.json(), name).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(
      (await rawQuery(t, 'SELECT display_name, email, status FROM users WHERE id = ?', [target.id]))[0],
    ).toEqual(before);
    expect(await rawQuery(t, 'SELECT user_id FROM user_totp WHERE user_id = ?', [target.id])).toHaveLength(1);
    expect((await api(t, target.token, 'GET', '/api/auth/me')).status).toBe(200); // sessions untouched
    const denied = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'access.denied', target: `user:${target.id}` }))}&range=[0,99]`,
    );
    expect(denied.json<unknown[]>()).toHaveLength(ACTIONS.length);
  });

  it('re-enabling a disabled administrator is refused too (status in both directions)', async () => {
    const target = await newUser(t, ['admin']);
    expect((await api(t, admin, 'PUT', `/api/admin/users/${target.id}`, { status: 'disabled' })).status).toBe(
      200,
    );
    const enable = await api(t, manager.token, 'PUT', `/api/admin/users/${target.id}`, { status: 'active' });
    expect(enable.status).toBe(403);
    expect((await api(t, admin, 'GET', `/api/admin/users/${target.id}`)).json()).toMatchObject({
      status: 'disabled',
    });
  });

  it('the same user manager may do all of it to an account holding no more than they do', async () => {
    const member = await newUser(t);
    for (const [name, method, path, body] of ACTIONS) {
      const response = await api(t, manager.token, method, path(member.id), body);
      expect([200, 201, 204], `${name}: ${response.text}`).toContain(response.status);
    }
  });

  it('without the member role they may not touch a member either: the rule is the permissions, not the role names', async () => {
    const role = await api(t, admin, 'POST', '/api/admin/roles', {
      name: `accounts-only-${Date.now()}`,
      permissions: ['users.read', 'users.manage'],
    });
    const accountsOnly = await newUser(t, [role.json<Role>().name]);
    const member = await newUser(t);
    const response = await api(t, accountsOnly.token, 'PUT', `/api/admin/users/${member.id}`, {
      displayName: 'Renamed',
    });
    expect(response.status).toBe(403);
  });

  it('an administrator may act on another administrator', async () => {
    const target = await newUser(t, ['admin']);
    const response = await api(t, admin, 'POST', `/api/admin/users/${target.id}/reset-2fa`);
    expect(response.status).toBe(204);
  });
});
