import { type AdminUser, type AuditEntry, type BulkUserResponse, PERMISSIONS } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, login, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let admin: string;
let adminId: number;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  adminId = (await api(t, admin, 'GET', '/api/auth/me')).json<{ id: number }>().id;
});
afterAll(() => t.close());

const bulk = (token: string, body: unknown) => api(t, token, 'POST', '/api/admin/users/bulk', body);
const user = async (id: number) => (await api(t, admin, 'GET', `/api/admin/users/${id}`)).json<AdminUser>();
const outcomes = (response: BulkUserResponse) =>
  Object.fromEntries(response.results.map((r) => [r.id, r.reason ? `${r.outcome}:${r.reason}` : r.outcome]));

/** What a plain member holds: managing members needs at least these. */
const MEMBER = ['messages.send', 'rooms.create', 'ai.summarize'];

async function role(permissions: string[]): Promise<string> {
  const name = `bulk${Math.random().toString(36).slice(2, 8)}`;
  const created = await api(t, admin, 'POST', '/api/admin/roles', { name, permissions });
  expect(created.status, created.text).toBe(201);
  return name;
}

async function audit(action: string, target: number): Promise<AuditEntry[]> {
  const filter = encodeURIComponent(JSON.stringify({ action, target: `user:${target}` }));
  return (await api(t, admin, 'GET', `/api/admin/audit?filter=${filter}`)).json<AuditEntry[]>();
}

describe('POST /api/admin/users/bulk', () => {
  it('previews without changing anything, then applies only with the previewed count, each account audited', async () => {
    const member = await newUser(t);
    const otherAdmin = await newUser(t, ['admin']);
    const disabled = await newUser(t);
    await api(t, admin, 'PUT', `/api/admin/users/${disabled.id}`, { status: 'disabled' });
    const ids = [member.id, otherAdmin.id, disabled.id, 999_999, adminId];

    const preview = await bulk(admin, { action: 'disable', ids });
    expect(preview.status, preview.text).toBe(200);
    const planned = preview.json<BulkUserResponse>();
    expect(planned).toMatchObject({ action: 'disable', applied: false, count: 2 });
    expect(outcomes(planned)).toEqual({
      [member.id]: 'change',
      [otherAdmin.id]: 'change',
      [disabled.id]: 'skipped:already_disabled',
      999999: 'skipped:not_found',
      [adminId]: 'refused:self',
    });
    expect(planned.results.find((r) => r.id === member.id)?.username).toBe(member.username);
    expect((await user(member.id)).status).toBe('active');

    const stale = await bulk(admin, { action: 'disable', ids, apply: true, expectedCount: 3 });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'CONFLICT', details: { count: 2 } } });
    expect((await user(member.id)).status).toBe('active');

    const applied = await bulk(admin, { action: 'disable', ids, apply: true, expectedCount: 2 });
    expect(applied.status, applied.text).toBe(200);
    expect(outcomes(applied.json<BulkUserResponse>())).toMatchObject({
      [member.id]: 'changed',
      [otherAdmin.id]: 'changed',
      [adminId]: 'refused:self',
    });
    expect((await user(member.id)).status).toBe('disabled');
    expect((await user(otherAdmin.id)).status).toBe('disabled');
    expect((await user(adminId)).status).toBe('active');
    expect(await audit('user.disabled', member.id)).toHaveLength(1);
    expect(await audit('user.disabled', otherAdmin.id)).toHaveLength(1);
    expect((await login(t, member.username, member.password)).status).not.toBe(200);
  });

  it('never disables the last administrator, even for someone holding every permission', async () => {
    const everything = await role([...PERMISSIONS]);
    const superuser = await newUser(t, [everything]);
    const preview = (
      await bulk(superuser.token, { action: 'disable', ids: [adminId] })
    ).json<BulkUserResponse>();
    expect(preview.results[0]).toMatchObject({
      outcome: 'refused',
      reason: 'last_admin',
      message: expect.stringMatching(/last active administrator/),
    });
    expect(preview.count).toBe(0);
  });

  it('refuses accounts holding permissions the caller lacks (audited), and actions the caller may not take', async () => {
    const managers = await role(['users.read', 'users.manage', ...MEMBER]);
    const manager = await newUser(t, [managers]);
    const member = await newUser(t);
    const auditor = await newUser(t, ['auditor']);
    const ids = [member.id, auditor.id];
    const preview = (await bulk(manager.token, { action: 'revokeSessions', ids })).json<BulkUserResponse>();
    expect(outcomes(preview)).toEqual({ [member.id]: 'change', [auditor.id]: 'refused:holds_more' });
    const applied = await bulk(manager.token, {
      action: 'revokeSessions',
      ids,
      apply: true,
      expectedCount: 1,
    });
    expect(outcomes(applied.json<BulkUserResponse>())).toEqual({
      [member.id]: 'changed',
      [auditor.id]: 'refused:holds_more',
    });
    expect((await api(t, member.token, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(t, auditor.token, 'GET', '/api/auth/me')).status).toBe(200);
    expect(await audit('access.denied', auditor.id)).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        details: expect.objectContaining({ reason: 'target holds more' }),
      }),
    ]);

    const unlockers = await role(['users.read', 'users.unlock', ...MEMBER]);
    const unlocker = await newUser(t, [unlockers]);
    const refused = await bulk(unlocker.token, { action: 'disable', ids: [member.id] });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'FORBIDDEN', details: { permission: 'users.manage' } },
    });
    const plain = await newUser(t);
    expect((await bulk(plain.token, { action: 'unlock', ids: [member.id] })).status).toBe(403);
    expect((await bulk('', { action: 'unlock', ids: [member.id] })).status).toBe(401);
  });

  it('unlocks locked accounts (users.unlock is enough) and skips the others', async () => {
    const unlockers = await role(['users.read', 'users.unlock', ...MEMBER]);
    const unlocker = await newUser(t, [unlockers]);
    const locked: TestUser = await newUser(t);
    const fine = await newUser(t);
    for (let i = 0; i < 5; i++) await login(t, locked.username, `wrong ${i}`);
    expect((await login(t, locked.username, locked.password)).status).toBe(423);
    const ids = [locked.id, fine.id];
    const preview = (await bulk(unlocker.token, { action: 'unlock', ids })).json<BulkUserResponse>();
    expect(outcomes(preview)).toEqual({ [locked.id]: 'change', [fine.id]: 'skipped:not_locked' });
    const applied = await bulk(unlocker.token, { action: 'unlock', ids, apply: true, expectedCount: 1 });
    expect(applied.json<BulkUserResponse>()).toMatchObject({ applied: true, count: 1 });
    expect((await login(t, locked.username, locked.password)).status).toBe(200);
    expect(await audit('user.unlocked', locked.id)).toHaveLength(1);
  });

  it('adds a role, but not one whose permissions the caller lacks, nor to oneself', async () => {
    const managers = await role(['users.read', 'users.manage', ...MEMBER]);
    const manager = await newUser(t, [managers]);
    const target = await newUser(t);
    const holder = await newUser(t, ['member', 'auditor']);
    const senders = await role(['messages.send']);
    const ids = [target.id, holder.id, manager.id];
    const preview = (
      await bulk(manager.token, { action: 'addRole', role: senders, ids })
    ).json<BulkUserResponse>();
    expect(outcomes(preview)).toEqual({
      [target.id]: 'change',
      [holder.id]: 'refused:holds_more',
      [manager.id]: 'refused:self',
    });
    await bulk(manager.token, { action: 'addRole', role: senders, ids, apply: true, expectedCount: 1 });
    expect((await user(target.id)).roles).toEqual(expect.arrayContaining(['member', senders]));
    expect(await audit('user.roles.changed', target.id)).toHaveLength(1);

    const beyond = (
      await bulk(manager.token, { action: 'addRole', role: 'auditor', ids: [target.id] })
    ).json<BulkUserResponse>();
    expect(beyond.results[0]).toMatchObject({ outcome: 'refused', reason: 'role_not_held' });
    const already = (
      await bulk(admin, { action: 'addRole', role: senders, ids: [target.id] })
    ).json<BulkUserResponse>();
    expect(already.results[0]).toMatchObject({ outcome: 'skipped', reason: 'has_role' });
    const unknown = await bulk(admin, { action: 'addRole', role: 'no-such-role', ids: [target.id] });
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ path: 'role' }] } },
    });
  });

  it.each([
    ['no ids', { action: 'unlock', ids: [] }, 'ids'],
    ['too many ids', { action: 'unlock', ids: Array.from({ length: 501 }, (_, i) => i + 1) }, 'ids'],
    ['an id twice', { action: 'unlock', ids: [5, 5] }, 'ids'],
    ['a bad id', { action: 'unlock', ids: [0] }, 'ids.0'],
    ['an unknown action', { action: 'delete', ids: [1] }, 'action'],
    ['addRole without a role', { action: 'addRole', ids: [1] }, 'role'],
    ['a role on another action', { action: 'disable', role: 'admin', ids: [1] }, 'role'],
    ['apply without the count', { action: 'disable', ids: [1], apply: true }, 'expectedCount'],
    ['an unknown field', { action: 'unlock', ids: [1], everyone: true }, ''],
  ])('refuses %s with VALIDATION_FAILED naming the field', async (_name, body, path) => {
    const response = await bulk(admin, body);
    expect(response.status, response.text).toBe(400);
    const fields = response.json<{ error: { code: string; details: { fields: Array<{ path: string }> } } }>()
      .error;
    expect(fields.code).toBe('VALIDATION_FAILED');
    if (path) expect(fields.details.fields.map((f) => f.path)).toContain(path);
  });
});
