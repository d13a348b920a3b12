import type { Room, RoomDirectory } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let admin: string;
let member: TestUser;
const tag = `dir${Date.now().toString(36)}`;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  member = await newUser(t);
  for (let i = 0; i < 120; i++) {
    const name = `${tag}-${String(i).padStart(3, '0')}`;
    expect((await api(t, admin, 'POST', '/api/rooms', { name, visibility: 'public' })).status).toBe(201);
  }
  await api(t, admin, 'POST', '/api/rooms', { name: `${tag}-hidden`, visibility: 'private' });
  await api(t, admin, 'POST', '/api/rooms', { name: `${tag}_50%_off`, visibility: 'public' });
});
afterAll(() => t.close());

const directory = (query: string) => api(t, member.token, 'GET', `/api/rooms/directory?${query}`);

describe('the public room directory is paged and searched on the server', () => {
  it('answers a page with the total, in name order, without private rooms', async () => {
    const first = await directory(`q=${tag}-&limit=50`);
    expect(first.status).toBe(200);
    const page = first.json<RoomDirectory>();
    expect(page.total).toBe(120);
    expect(page.rooms).toHaveLength(50);
    expect(page.rooms[0]!.name).toBe(`${tag}-000`);
    const last = (await directory(`q=${tag}-&offset=100&limit=50`)).json<RoomDirectory>();
    expect(last.rooms.map((r) => r.name)).toEqual(Array.from({ length: 20 }, (_, i) => `${tag}-${100 + i}`));
    expect(page.rooms.every((r) => r.visibility === 'public' && !r.joined)).toBe(true);
    const search = (
      await directory(`q=${encodeURIComponent(tag.toUpperCase())}&limit=100`)
    ).json<RoomDirectory>();
    expect(search.rooms.map((r) => r.name)).not.toContain(`${tag}-hidden`);
  });

  it('takes % and _ in a search as the characters themselves', async () => {
    const found = (await directory(`q=${encodeURIComponent('_50%')}`)).json<RoomDirectory>();
    expect(found.rooms.map((r) => r.name)).toEqual([`${tag}_50%_off`]);
  });

  it('refuses a page larger than 100 or a negative offset with VALIDATION_FAILED', async () => {
    for (const query of ['limit=101', 'limit=0', 'offset=-1', 'offset=abc', `q=${'x'.repeat(81)}`]) {
      const response = await directory(query);
      expect(response.status, query).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('GET /api/rooms?joined=true lists only the rooms the caller is in; without it, as the contract says', async () => {
    const own = (
      await api(t, member.token, 'POST', '/api/rooms', { name: `${tag} mine`, visibility: 'private' })
    ).json<Room>();
    const joined = (await api(t, member.token, 'GET', '/api/rooms?joined=true')).json<Room[]>();
    expect(joined.map((r) => r.id)).toEqual([own.id]);
    const all = (await api(t, member.token, 'GET', '/api/rooms')).json<Room[]>();
    expect(all.length).toBeGreaterThan(120);
    expect((await api(t, member.token, 'GET', '/api/rooms?joined=maybe')).status).toBe(400);
  });
});
