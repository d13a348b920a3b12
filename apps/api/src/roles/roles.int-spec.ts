import type { Role } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { adminToken, api, newUser, tokenFor } from '../../test/factories.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

async function roleId(name: string): Promise<number> {
  const roles = (await api(t, admin, 'GET', '/api/admin/roles?range=[0,99]')).json<Role[]>();
  return roles.find((role) => role.name === name)!.id;
}

const codeOf = (response: { json: <T>() => T }) => response.json<{ error: { code: string } }>().error.code;

describe('roles and permissions', () => {
  it('ships the built-in roles; admin holds every permission', async () => {
    const response = await api(t, admin, 'GET', '/api/admin/roles?sort=["name","ASC"]&range=[0,9]');
    expect(response.headers['content-range']).toMatch(/^roles 0-\d+\/\d+$/);
    const roles = response.json<Role[]>();
    expect(roles.map((r) => r.name)).toEqual(
      expect.arrayContaining(['admin', 'auditor', 'member', 'moderator']),
    );
    const permissions = (await api(t, admin, 'GET', '/api/admin/permissions')).json<Array<{ id: string }>>();
    expect(roles.find((r) => r.name === 'admin')!.permissions.sort()).toEqual(
      permissions.map((p) => p.id).sort(),
    );
  });

  it('a moderator reads the audit trail and moderates, but is refused backups and settings', async () => {
    const moderator = await newUser(t, ['moderator']);
    const audit = await api(t, moderator.token, 'GET', '/api/admin/audit?range=[0,9]');
    expect(audit.status).toBe(200);
    expect(audit.json<unknown[]>().length).toBeGreaterThan(0);
    expect((await api(t, moderator.token, 'GET', '/api/admin/reports')).status).toBe(200);
    for (const path of ['/api/admin/backups', '/api/admin/settings']) {
      const refused = await api(t, moderator.token, 'GET', path);
      expect(refused.status, path).toBe(403);
      expect(codeOf(refused)).toBe('FORBIDDEN');
    }
  });

  it('a member is refused admin routes with 403, and the refusal is audited', async () => {
    const member = await newUser(t);
    for (const [method, path] of [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/audit'],
      ['POST', '/api/admin/roles'],
      ['PUT', `/api/admin/users/${member.id}`],
      ['POST', `/api/admin/users/${member.id}/unlock`],
    ] as const) {
      const response = await api(t, member.token, method, path, method === 'GET' ? undefined : {});
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(codeOf(response)).toBe('FORBIDDEN');
    }
    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'access.denied', actor: member.username }))}`,
    );
    expect(audit.json<unknown[]>().length).toBeGreaterThanOrEqual(5);
  });

  it('a member cannot give themselves roles by any route', async () => {
    const member = await newUser(t);
    const viaAdmin = await api(t, member.token, 'PUT', `/api/admin/users/${member.id}`, { roles: ['admin'] });
    expect(viaAdmin.status).toBe(403);
    const viaProfile = await api(t, member.token, 'PUT', '/api/auth/me', { roles: ['admin'] });
    expect(viaProfile.status).toBe(400); // unknown field: the profile route takes no roles
    const me = await api(t, member.token, 'GET', '/api/auth/me');
    expect(me.json()).toMatchObject({ roles: ['member'] });
  });

  it('a user manager cannot raise themselves or others above their own permissions', async () => {
    const created = await api(t, admin, 'POST', '/api/admin/roles', {
      name: `helpdesk-${Date.now()}`,
      description: 'Creates and edits accounts',
      permissions: ['users.read', 'users.manage', 'users.unlock'],
    });
    expect(created.status).toBe(201);
    const helpdeskRole = created.json<Role>();
    // A member too: acting on a member's account needs every permission the member holds (issue 16).
    const manager = await newUser(t, ['member', helpdeskRole.name]);
    const member = await newUser(t);
    const self = await api(t, manager.token, 'PUT', `/api/admin/users/${manager.id}`, {
      roles: ['member', helpdeskRole.name, 'admin'],
    });
    expect(self.status).toBe(403);
    const other = await api(t, manager.token, 'PUT', `/api/admin/users/${member.id}`, { roles: ['admin'] });
    expect(other.status).toBe(403);
    const widen = await api(t, manager.token, 'PUT', `/api/admin/roles/${helpdeskRole.id}`, {
      permissions: ['roles.manage'],
    });
    expect(widen.status).toBe(403);
    const resetAdmin = await api(t, manager.token, 'POST', '/api/admin/users/1/reset-password');
    expect(resetAdmin.status).toBe(403);
    // What they hold, they may hand on.
    const allowed = await api(t, manager.token, 'PUT', `/api/admin/users/${member.id}`, {
      roles: ['member', helpdeskRole.name],
    });
    expect(allowed.status).toBe(200);
    expect(allowed.json()).toMatchObject({ roles: expect.arrayContaining([helpdeskRole.name, 'member']) });
  });

  it('a custom role takes effect on the next request, and role changes are audited', async () => {
    const member = await newUser(t);
    expect((await api(t, member.token, 'GET', '/api/admin/audit')).status).toBe(403);
    const reviewerRole = (
      await api(t, admin, 'POST', '/api/admin/roles', {
        name: `reviewer-${Date.now()}`,
        permissions: ['audit.read'],
      })
    ).json<Role>();
    const updated = await api(t, admin, 'PUT', `/api/admin/users/${member.id}`, {
      roles: ['member', reviewerRole.name],
    });
    expect(updated.status).toBe(200);
    expect((await api(t, member.token, 'GET', '/api/admin/audit')).status).toBe(200);
    const trail = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'user.roles.changed', target: `user:${member.id}` }))}`,
    );
    expect(trail.json<Array<{ details: unknown }>>()[0]?.details).toMatchObject({ before: ['member'] });
    const changedRole = await api(t, admin, 'PUT', `/api/admin/roles/${reviewerRole.id}`, {
      permissions: [],
    });
    expect(changedRole.status).toBe(200);
    expect((await api(t, member.token, 'GET', '/api/admin/audit')).status).toBe(403);
  });

  it('protects the built-in roles and the last administrator', async () => {
    const adminRole = await roleId('admin');
    expect(codeOf(await api(t, admin, 'DELETE', `/api/admin/roles/${adminRole}`))).toBe('FORBIDDEN');
    expect(codeOf(await api(t, admin, 'PUT', `/api/admin/roles/${adminRole}`, { permissions: [] }))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await api(t, admin, 'PUT', '/api/admin/users/1', { status: 'disabled' }))).toBe(
      'FORBIDDEN',
    );
    const second = await newUser(t, ['admin']);
    const secondToken = await tokenFor(t, second.username, second.password);
    // The first admin may be demoted by the second, who may then not demote themselves: someone stays admin.
    expect((await api(t, secondToken, 'PUT', '/api/admin/users/1', { roles: ['member'] })).status).toBe(200);
    expect(
      (await api(t, secondToken, 'PUT', `/api/admin/users/${second.id}`, { roles: ['member'] })).status,
    ).toBe(403);
    const firstBack = await api(t, secondToken, 'PUT', '/api/admin/users/1', { roles: ['admin'] });
    expect(firstBack.status).toBe(200);
  });

  it('refuses bad role input with VALIDATION_FAILED or CONFLICT', async () => {
    const bad = await api(t, admin, 'POST', '/api/admin/roles', {
      name: 'x',
      permissions: ['launch.missiles'],
    });
    expect(bad.status).toBe(400);
    const name = `dup-${Date.now()}`;
    expect((await api(t, admin, 'POST', '/api/admin/roles', { name })).status).toBe(201);
    expect(codeOf(await api(t, admin, 'POST', '/api/admin/roles', { name }))).toBe('CONFLICT');
    expect((await api(t, admin, 'PUT', '/api/admin/users/abc', {})).status).toBe(400);
    expect((await api(t, admin, 'GET', '/api/admin/roles/999999')).status).toBe(404);
    const unknownRole = await api(t, admin, 'POST', '/api/admin/users', {
      username: `x-${Date.now()}`,
      displayName: 'X',
      password: 'river otter lamp 99',
      roles: ['no-such-role'],
    });
    expect(unknownRole.status).toBe(400);
  });
});
