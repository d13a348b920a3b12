import type { People } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs } from '../../test/chat-client.js';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { eventually } from '../../test/eventually.js';

let t: TestServer;
let admin: string;
let asker: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  asker = await newUser(t);
});
afterAll(() => t?.close());

async function colleague(displayName: string, email?: string): Promise<TestUser> {
  const user = await newUser(t);
  const changed = await api(t, admin, 'PUT', `/api/admin/users/${user.id}`, {
    displayName,
    ...(email ? { email } : {}),
  });
  expect(changed.status).toBe(200);
  return user;
}

const search = (token: string, query: string) => api(t, token, 'GET', `/api/people${query}`);
const errorCode = (response: { json: <T>() => T }) => response.json<{ error: { code: string } }>().error.code;

describe('the people directory', () => {
  it('finds active colleagues by display name or username, with presence and nothing else', async () => {
    const rosa = await colleague('Rosa Almendros Vidal', 'rosa@example.org');
    const found = await search(asker.token, '?q=almendros');
    expect(found.status).toBe(200);
    const { people } = found.json<People>();
    expect(people).toEqual([
      { id: rosa.id, username: rosa.username, displayName: 'Rosa Almendros Vidal', presence: 'offline' },
    ]);
    expect(found.text).not.toContain('rosa@example.org');
    // By username too, whatever the case.
    const byUsername = (await search(asker.token, `?q=${rosa.username.toUpperCase()}`)).json<People>();
    expect(byUsername.people.map((p) => p.id)).toEqual([rosa.id]);
    // Presence follows her connection.
    const socket = await connectAs(t, rosa.token);
    try {
      await eventually('Rosa shows online', async () => {
        const now = (await search(asker.token, '?q=almendros')).json<People>();
        return now.people[0]?.presence === 'online';
      });
    } finally {
      socket.close();
    }
  });

  it('leaves out disabled accounts and the caller, and treats % and _ as plain characters', async () => {
    const gone = await colleague('Tomás Baja Definitiva');
    expect((await api(t, admin, 'PUT', `/api/admin/users/${gone.id}`, { status: 'disabled' })).status).toBe(
      200,
    );
    expect((await search(asker.token, '?q=baja definitiva')).json<People>().people).toEqual([]);
    const me = (await search(asker.token, `?q=${asker.username}`)).json<People>();
    expect(me.people).toEqual([]);
    expect((await search(asker.token, '?q=%25')).json<People>().people).toEqual([]);
    expect((await search(asker.token, '?q=_')).json<People>().people).toEqual([]);
  });

  it('pages with limit (at most 50) and lists everyone in name order without q', async () => {
    for (const name of ['Zoe Orden', 'Ana Orden', 'Marcos Orden']) await colleague(name);
    const ordered = (await search(asker.token, '?q=orden&limit=2')).json<People>();
    expect(ordered.people.map((p) => p.displayName)).toEqual(['Ana Orden', 'Marcos Orden']);
    const everyone = (await search(asker.token, '?limit=50')).json<People>();
    const names = everyone.people.map((p) => p.displayName.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(everyone.people.length).toBeGreaterThan(3);
  });

  it('refuses bad queries, anonymous callers and roles that may not send messages', async () => {
    for (const query of ['?limit=0', '?limit=51', '?limit=abc', `?q=${'x'.repeat(81)}`]) {
      const refused = await search(asker.token, query);
      expect(refused.status, query).toBe(400);
      expect(errorCode(refused)).toBe('VALIDATION_FAILED');
    }
    const anonymous = await search('', '?q=a');
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous)).toBe('UNAUTHORIZED');
    const role = await api(t, admin, 'POST', '/api/admin/roles', {
      name: `reader-${Date.now()}`,
      permissions: [],
    });
    expect(role.status).toBe(201);
    const reader = await newUser(t, [role.json<{ name: string }>().name]);
    const forbidden = await search(reader.token, '?q=a');
    expect(forbidden.status).toBe(403);
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
  });
});
