import type { AuditEntry, Message, Report, Room } from '@atrio/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { chatScene } from '../../test/chat-scene.js';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { emit, next, send } from '../../test/chat-client.js';
import type { HttpResponse } from '../../test/http-client.js';

let t: TestServer;
let mod: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const scene = chatScene({ users: ['mod', 'alice', 'bob', 'carol'], roles: { mod: ['moderator'] } });
const { connect, newRoom } = scene;
beforeAll(
  () =>
    ({
      t,
      users: { mod, alice, bob, carol },
    } = scene),
);

const codeOf = (response: HttpResponse) => response.json<{ error: { code: string } }>().error.code;
const query = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** A room of alice's with carol and the author (bob) in it, and a message of the author's. */
async function reported(
  visibility: 'public' | 'private' = 'public',
  author = bob,
): Promise<{ room: Room; message: Message }> {
  const room = await newRoom(alice, { visibility, members: [author, carol] });
  const socket = await connect(author);
  return { room, message: await send(socket, room.id, 'buy cheap watches at example.test') };
}

const report = (by: TestUser, messageId: unknown, reason: unknown = 'spam') =>
  api(t, by.token, 'POST', '/api/reports', { messageId, reason });
const resolve = (id: number | string, body: object) =>
  api(t, mod.token, 'POST', `/api/admin/reports/${id}/resolve`, body);

describe('reporting a message', () => {
  it('reaches the moderators’ queue; removing it deletes it on every socket of the room', async () => {
    const { room, message } = await reported();
    const a = await connect(alice);
    const created = await report(carol, message.id, 'advertising');
    expect(created.status).toBe(201);
    const row = created.json<Report>();
    expect(row).toMatchObject({
      messageId: message.id,
      roomId: room.id,
      reporterId: carol.id,
      status: 'open',
    });
    expect(row.message).toMatchObject({ authorId: bob.id, body: message.body, deleted: false });

    const queue = await api(
      t,
      mod.token,
      'GET',
      `/api/admin/reports?${query({ status: 'open', roomId: room.id })}`,
    );
    expect(queue.status).toBe(200);
    expect(queue.headers['content-range']).toBe('reports 0-0/1');
    expect(queue.json<Report[]>().map((r) => [r.id, r.reason, r.roomName])).toEqual([
      [row.id, 'advertising', room.name],
    ]);
    expect((await api(t, mod.token, 'GET', `/api/admin/reports/${row.id}`)).json<Report>().id).toBe(row.id);

    const deleted = next(a, 'message:deleted', (d) => d.id === message.id);
    const resolved = await resolve(row.id, { action: 'remove_message', reason: 'advertising' });
    expect(resolved.status).toBe(200);
    expect(resolved.json<Report>()).toMatchObject({
      status: 'resolved',
      resolution: 'remove_message',
      resolvedBy: mod.id,
      resolvedByName: mod.username,
      message: { body: '', deleted: true },
    });
    expect(await deleted).toEqual({ id: message.id, roomId: room.id });
    expect(codeOf(await resolve(row.id, { action: 'dismiss' }))).toBe('CONFLICT');
    const open = await api(
      t,
      mod.token,
      'GET',
      `/api/admin/reports?${query({ status: 'open', roomId: room.id })}`,
    );
    expect(open.json<Report[]>()).toEqual([]);
  });

  it('once per member, never one’s own message, only messages one can read', async () => {
    const { message } = await reported('private');
    expect((await report(carol, message.id)).status).toBe(201);
    const again = await report(carol, message.id, 'still spam');
    expect([again.status, codeOf(again)]).toEqual([409, 'CONFLICT']);
    expect((await report(alice, message.id)).status).toBe(201);
    const own = await report(bob, message.id);
    expect([own.status, codeOf(own)]).toEqual([403, 'FORBIDDEN']);
    const outsider = await report(mod, message.id); // not a member of the private room
    expect([outsider.status, codeOf(outsider)]).toEqual([403, 'FORBIDDEN']);
    for (const [messageId, reason, status, code] of [
      [2_000_000_000, 'spam', 404, 'NOT_FOUND'],
      ['x', 'spam', 400, 'VALIDATION_FAILED'],
      [message.id, '', 400, 'VALIDATION_FAILED'],
      [message.id, 'a'.repeat(501), 400, 'VALIDATION_FAILED'],
      [undefined, 'spam', 400, 'VALIDATION_FAILED'],
    ] as const) {
      const response = await report(carol, messageId, reason);
      expect([messageId, response.status, codeOf(response)]).toEqual([messageId, status, code]);
    }
  });

  it('resolving as mute silences the author and closes every report of the message', async () => {
    const { room, message } = await reported();
    const first = (await report(carol, message.id)).json<Report>();
    const second = (await report(alice, message.id)).json<Report>();
    expect(codeOf(await resolve(first.id, { action: 'mute' }))).toBe('VALIDATION_FAILED'); // minutes needed
    expect((await resolve(first.id, { action: 'mute', minutes: 15 })).json<Report>().resolution).toBe('mute');
    const b = await connect(bob);
    const answer = await emit(b, 'message:send', { roomId: room.id, body: 'more', clientMsgId: 'r-1' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'MUTED' } });
    const closed = (await api(t, mod.token, 'GET', `/api/admin/reports/${second.id}`)).json<Report>();
    expect(closed).toMatchObject({ status: 'resolved', resolution: 'mute' });
  });

  it('dismissing is audited with the report; the queue is for moderators only', async () => {
    const { message } = await reported();
    const row = (await report(carol, message.id, 'I do not like it')).json<Report>();
    expect((await resolve(row.id, { action: 'dismiss' })).json<Report>().status).toBe('dismissed');
    const activity = await api(
      t,
      mod.token,
      'GET',
      `/api/admin/moderation/activity?${query({ target: `message:${message.id}` })}`,
    );
    expect(activity.json<AuditEntry[]>().map((e) => [e.action, e.details.reportId])).toEqual([
      ['moderation.report.created', row.id],
      ['moderation.report.dismissed', row.id],
    ]);
    for (const path of ['/api/admin/reports', `/api/admin/reports/${row.id}`]) {
      const denied = await api(t, carol.token, 'GET', path);
      expect([denied.status, codeOf(denied)]).toEqual([403, 'FORBIDDEN']);
    }
    expect(
      codeOf(
        await api(t, carol.token, 'POST', `/api/admin/reports/${row.id}/resolve`, { action: 'dismiss' }),
      ),
    ).toBe('FORBIDDEN');
    expect(codeOf(await resolve('abc', { action: 'dismiss' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await resolve(2_000_000_000, { action: 'dismiss' }))).toBe('NOT_FOUND');
    expect(codeOf(await resolve(row.id, { action: 'shrug' }))).toBe('VALIDATION_FAILED');
    const bad = await api(t, mod.token, 'GET', `/api/admin/reports?${query({ status: 'later' })}`);
    expect([bad.status, codeOf(bad)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('disabling the author’s account is for administrators only, and ends their sessions', async () => {
    const dave = await newUser(t);
    const { message } = await reported('public', dave);
    const row = (await report(carol, message.id)).json<Report>();
    const denied = await resolve(row.id, { action: 'disable_account' });
    expect([denied.status, codeOf(denied)]).toEqual([403, 'FORBIDDEN']);
    const direct = await api(t, mod.token, 'POST', `/api/admin/moderation/users/${dave.id}/disable`, {});
    expect([direct.status, codeOf(direct)]).toEqual([403, 'FORBIDDEN']);
    expect((await api(t, mod.token, 'GET', `/api/admin/reports/${row.id}`)).json<Report>().status).toBe(
      'open',
    );

    const d = await connect(dave);
    const dropped = new Promise<void>((done) => d.once('disconnect', () => done()));
    const admin = await adminToken(t);
    const done = await api(t, admin, 'POST', `/api/admin/reports/${row.id}/resolve`, {
      action: 'disable_account',
    });
    expect(done.json<Report>()).toMatchObject({ status: 'resolved', resolution: 'disable_account' });
    await dropped;
    expect((await api(t, dave.token, 'GET', '/api/auth/me')).status).toBe(401);
    const user = (await api(t, admin, 'GET', `/api/admin/users/${dave.id}`)).json<{ status: string }>();
    expect(user.status).toBe('disabled');
  });
});
