import type { AdminRoom, Room } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let admin: string;
let owner: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  owner = await newUser(t);
});
afterAll(() => t.close());

const list = (filter: object = {}, sort = '["name","ASC"]') =>
  api(
    t,
    admin,
    'GET',
    `/api/admin/rooms?sort=${sort}&range=[0,99]&filter=${encodeURIComponent(JSON.stringify(filter))}`,
  );

describe('GET /api/admin/rooms', () => {
  it('lists every room, private ones included, with counts, archive state and its own retention', async () => {
    const secret = (
      await api(t, owner.token, 'POST', '/api/rooms', { name: 'Dirección', visibility: 'private' })
    ).json<Room>();
    const open = (
      await api(t, owner.token, 'POST', '/api/rooms', { name: 'Cafetería', visibility: 'public' })
    ).json<Room>();
    expect(
      (await api(t, owner.token, 'POST', `/api/rooms/${open.id}/archive`, { archived: true })).status,
    ).toBe(200);
    expect(
      (await api(t, admin, 'PUT', `/api/admin/retention/rooms/${secret.id}`, { messageDays: 30 })).status,
    ).toBe(200);

    const response = await list();
    expect(response.status).toBe(200);
    expect(response.headers['content-range']).toMatch(/^rooms 0-\d+\/\d+$/);
    const rows = response.json<AdminRoom[]>();
    expect(rows.find((r) => r.id === secret.id)).toMatchObject({
      name: 'Dirección',
      visibility: 'private',
      archived: false,
      memberCount: 1,
      retention: { messageDays: 30 },
    });
    const cafe = rows.find((r) => r.id === open.id)!;
    expect(cafe).toMatchObject({ archived: true, retention: null });
    expect(cafe.messageCount).toBeGreaterThan(0); // the system messages of creation and archive
    expect(cafe.lastMessageAt).not.toBeNull();

    expect((await list({ archived: true })).json<AdminRoom[]>().map((r) => r.id)).toEqual([open.id]);
    expect((await list({ q: 'direcc' })).json<AdminRoom[]>().map((r) => r.id)).toEqual([secret.id]);
    expect((await list({ visibility: 'private' })).json<AdminRoom[]>().map((r) => r.id)).toContain(secret.id);
  });

  it('lists the members of a private room to the console, never its messages', async () => {
    const room = (
      await api(t, owner.token, 'POST', '/api/rooms', { name: 'Nóminas', visibility: 'private' })
    ).json<Room>();
    const members = await api(t, admin, 'GET', `/api/admin/rooms/${room.id}/members`);
    expect(members.status).toBe(200);
    expect(members.json<Array<{ username: string; role: string }>>()).toEqual([
      expect.objectContaining({ username: owner.username, role: 'owner' }),
    ]);
    expect((await api(t, admin, 'GET', `/api/rooms/${room.id}/messages`)).status).toBe(403);
    expect((await api(t, admin, 'GET', '/api/admin/rooms/999999/members')).status).toBe(404);
    expect((await api(t, owner.token, 'GET', `/api/admin/rooms/${room.id}/members`)).status).toBe(403);
  });

  it('answers a bad filter or sort with VALIDATION_FAILED and refuses whoever lacks rooms.manage_any', async () => {
    expect((await list({ visibility: 'secret' })).status).toBe(400);
    expect((await list({}, '["messageCount","ASC"]')).status).toBe(400);
    expect((await api(t, owner.token, 'GET', '/api/admin/rooms')).status).toBe(403);
  });
});
