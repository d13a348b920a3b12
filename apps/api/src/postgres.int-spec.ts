import type { Room } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../test/harness.js';
import { startPostgresTestServer } from '../test/postgres.js';
import { adminToken, api, login, newUser } from '../test/factories.js';
import { connectAs, emit, next, send } from '../test/chat-client.js';

/** The same server on PostgreSQL instead of SQLite: identity and chat end to end. */
let t: TestServer;
beforeAll(async () => {
  t = await startPostgresTestServer();
});
afterAll(() => t?.close());

describe('on PostgreSQL', () => {
  it('reports the database in /api/health', async () => {
    expect((await t.request('/api/health')).json()).toMatchObject({ status: 'ok', database: 'postgres' });
  });

  it('logs in, locks out and lists users', async () => {
    const user = await newUser(t);
    for (let i = 0; i < 5; i++) await login(t, user.username, `wrong ${i}`);
    expect((await login(t, user.username, user.password)).status).toBe(423);
    const admin = await adminToken(t);
    const list = await api(
      t,
      admin,
      'GET',
      '/api/admin/users?sort=["username","ASC"]&range=[0,9]&filter={"status":"locked"}',
    );
    expect(list.json<Array<{ id: number }>>().map((u) => u.id)).toEqual([user.id]);
    expect(list.headers['content-range']).toBe('users 0-0/1');
    expect((await api(t, admin, 'GET', '/api/admin/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('keeps an unknown name locked like a real one, and pages the room directory', async () => {
    const ghost = `pg-ghost-${Date.now()}`;
    for (let i = 0; i < 5; i++) await login(t, ghost, `wrong ${i}`);
    expect((await login(t, ghost, 'again')).status).toBe(423);
    const member = await newUser(t);
    for (const name of ['pg_dir a', 'pg_dir b', 'pgXdir c']) {
      await api(t, await adminToken(t), 'POST', '/api/rooms', { name, visibility: 'public' });
    }
    const page = await api(t, member.token, 'GET', '/api/rooms/directory?q=PG_DIR&limit=1');
    expect(page.json()).toMatchObject({ total: 2, rooms: [{ name: 'pg_dir a' }] });
  });

  it('chats: send, receive, sync, unread counts and receipts', async () => {
    const [alice, bob] = [await newUser(t), await newUser(t)];
    const room = (
      await api(t, alice.token, 'POST', '/api/rooms', { name: 'pg room', visibility: 'public' })
    ).json<Room>();
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const [a, b] = [await connectAs(t, alice.token), await connectAs(t, bob.token)];
    try {
      const arriving = next(b, 'message:new', (e) => e.message.body === 'hola desde PG');
      const first = await send(a, room.id, 'hola desde PG', 'pg-1');
      expect((await send(a, room.id, 'again', 'pg-1')).id).toBe(first.id);
      await arriving;
      await send(a, room.id, `second, @${bob.username}`);
      const synced = await emit(b, 'sync', { roomId: room.id, afterId: first.id });
      expect(synced.ok && synced.messages.map((m) => m.body)).toEqual([`second, @${bob.username}`]);
      const rooms = (await api(t, bob.token, 'GET', '/api/rooms')).json<Room[]>();
      expect(rooms.find((r) => r.id === room.id)).toMatchObject({ joined: true, memberCount: 2 });
      expect((await emit(b, 'message:read', { roomId: room.id, messageId: first.id })).ok).toBe(true);
      expect((await api(t, bob.token, 'GET', `/api/rooms/${room.id}`)).json<Room>()).toMatchObject({
        unread: 1,
        mentions: 1,
      });
    } finally {
      a.close();
      b.close();
    }
  });
});
