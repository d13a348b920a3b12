import type { AuditEntry, ModerationOutcome, Room } from '@atrio/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import type { TestServer } from '../../test/harness.js';
import { chatScene } from '../../test/chat-scene.js';
import { adminToken, api, type TestUser } from '../../test/factories.js';
import { collect, emit, next, send } from '../../test/chat-client.js';
import type { HttpResponse } from '../../test/http-client.js';

let t: TestServer;
let admin: TestUser;
let mod: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const scene = chatScene({ users: ['mod', 'alice', 'bob', 'carol'], roles: { mod: ['moderator'] } });
const { connect, newRoom } = scene;

beforeAll(async () => {
  ({
    t,
    users: { mod, alice, bob, carol },
  } = scene);
  const token = await adminToken(t);
  const me = await api(t, token, 'GET', '/api/auth/me');
  admin = { id: me.json<{ id: number }>().id, username: 'admin', password: '', token };
});

const codeOf = (response: HttpResponse) => response.json<{ error: { code: string } }>().error.code;

const moderate = (by: TestUser, roomId: number | string, action: string, body: object) =>
  api(t, by.token, 'POST', `/api/rooms/${roomId}/moderation/${action}`, body);

const join = (user: TestUser, roomId: number) => api(t, user.token, 'POST', `/api/rooms/${roomId}/join`);

describe('muting', () => {
  it('a muted member gets MUTED on send until the time passes, and the room is told', async () => {
    const room = await newRoom(alice, { members: [bob] });
    const [a, b] = [await connect(alice), await connect(bob)];
    const told = next(b, 'notice', (n) => n.code === 'MUTED');
    const announced = next(a, 'message:new', (e) => e.message.kind === 'system');
    const muted = await moderate(mod, room.id, 'mute', { userId: bob.id, minutes: 1, reason: 'flooding' });
    expect(muted.status).toBe(200);
    expect(muted.json<ModerationOutcome>()).toMatchObject({
      action: 'mute',
      roomId: room.id,
      userId: bob.id,
    });
    expect((await told).roomId).toBe(room.id);
    expect((await announced).message.body).toBe(
      `Test ${bob.username} was muted for 1 minute by Test ${mod.username}: flooding`,
    );
    const refused = await emit(b, 'message:send', { roomId: room.id, body: 'hello?', clientMsgId: 'm-1' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'MUTED' } });
    t.server.app.get(Clock).advance(61_000);
    expect((await send(b, room.id, 'back again')).body).toBe('back again');
  });

  it('unmute lets them write at once; a room owner may mute in their own room only', async () => {
    const room = await newRoom(alice, { members: [bob] });
    const b = await connect(bob);
    expect((await moderate(alice, room.id, 'mute', { userId: bob.id, minutes: 30 })).status).toBe(200);
    const refused = await emit(b, 'message:send', { roomId: room.id, body: 'x', clientMsgId: 'm-2' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'MUTED' } });
    expect((await moderate(alice, room.id, 'unmute', { userId: bob.id })).status).toBe(200);
    await send(b, room.id, 'thanks');
    const elsewhere = await api(t, bob.token, 'POST', '/api/rooms', {
      name: `bob ${Math.random()}`,
      visibility: 'public',
    });
    const response = await moderate(alice, elsewhere.json<Room>().id, 'mute', {
      userId: carol.id,
      minutes: 5,
    });
    expect([response.status, codeOf(response)]).toEqual([403, 'FORBIDDEN']);
  });

  it('members cannot moderate, moderators cannot act on admins, moderators or themselves', async () => {
    const room = await newRoom(alice, { members: [bob, carol, mod] });
    for (const [by, target] of [
      [carol, bob], // a plain member
      [mod, admin], // no moderator wars: only users.manage acts on a moderator
      [alice, mod], // the room owner, on a global moderator
      [mod, mod], // themselves
    ] as const) {
      const response = await moderate(by, room.id, 'mute', { userId: target.id, minutes: 5 });
      expect([response.status, codeOf(response)]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await moderate(admin, room.id, 'mute', { userId: mod.id, minutes: 5 })).status).toBe(200);
  });
});

describe('kicking and banning', () => {
  it('a kicked member stops receiving the room and may join it again', async () => {
    const room = await newRoom(alice, { members: [bob] });
    const [a, b] = [await connect(alice), await connect(bob)];
    const told = next(b, 'notice', (n) => n.code === 'KICKED');
    expect((await moderate(mod, room.id, 'kick', { userId: bob.id, reason: 'off topic' })).status).toBe(200);
    expect((await told).message).toContain('off topic');
    const seen = collect(b, 'message:new');
    await send(a, room.id, 'after the kick');
    // An answer on the same connection: anything broadcast to bob before it would have arrived.
    expect(await emit(b, 'typing', { roomId: room.id, typing: true })).toMatchObject({ ok: false });
    expect(seen.filter((e) => e.message.roomId === room.id)).toEqual([]);
    expect((await api(t, bob.token, 'GET', `/api/rooms/${room.id}`)).json<Room>().joined).toBe(false);
    expect((await emit(b, 'room:join', { roomId: room.id })).ok).toBe(true);
    const back = next(b, 'message:new', (e) => e.message.body === 'welcome back');
    await send(a, room.id, 'welcome back');
    await back;
  });

  it('a banned user can neither join nor be invited until the ban is lifted or runs out', async () => {
    const room = await newRoom(alice, { members: [bob] });
    const b = await connect(bob);
    const told = next(b, 'notice', (n) => n.code === 'BANNED');
    expect((await moderate(mod, room.id, 'ban', { userId: bob.id, reason: 'spam' })).json()).toMatchObject({
      action: 'ban',
      until: null,
    });
    await told;
    expect([(await join(bob, room.id)).status, codeOf(await join(bob, room.id))]).toEqual([403, 'FORBIDDEN']);
    const invite = await api(t, alice.token, 'POST', `/api/rooms/${room.id}/members`, { userId: bob.id });
    expect([invite.status, codeOf(invite)]).toEqual([403, 'FORBIDDEN']);
    expect((await emit(b, 'room:join', { roomId: room.id })).ok).toBe(false);
    expect((await moderate(mod, room.id, 'unban', { userId: bob.id })).status).toBe(200);
    expect((await join(bob, room.id)).status).toBe(200);
    expect(codeOf(await moderate(mod, room.id, 'unban', { userId: bob.id }))).toBe('NOT_FOUND');

    expect((await moderate(mod, room.id, 'ban', { userId: bob.id, minutes: 1 })).status).toBe(200);
    expect((await join(bob, room.id)).status).toBe(403);
    t.server.app.get(Clock).advance(61_000);
    expect((await join(bob, room.id)).status).toBe(200);
  });

  it('the owner cannot be removed from their room', async () => {
    const room = await newRoom(alice);
    const response = await moderate(mod, room.id, 'kick', { userId: alice.id });
    expect([response.status, codeOf(response)]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('warnings, input and the activity review', () => {
  it('a warned member gets a notice that only they see', async () => {
    const room = await newRoom(alice, { members: [bob, carol] });
    const [b, c] = [await connect(bob), await connect(carol)];
    const others = collect(c, 'notice');
    const told = next(b, 'notice', (n) => n.code === 'WARNED');
    expect(
      (await moderate(mod, room.id, 'warn', { userId: bob.id, reason: 'mind your language' })).status,
    ).toBe(200);
    expect(await told).toMatchObject({
      roomId: room.id,
      message: expect.stringContaining('mind your language'),
    });
    await emit(c, 'typing', { roomId: room.id, typing: false });
    expect(others).toEqual([]);
  });

  it('refuses bad input with the contract codes', async () => {
    const room = await newRoom(alice, { members: [bob] });
    const cases: Array<[number | string, string, object, number, string]> = [
      [room.id, 'mute', { minutes: 5 }, 400, 'VALIDATION_FAILED'],
      [room.id, 'mute', { userId: bob.id, minutes: 0 }, 400, 'VALIDATION_FAILED'],
      [room.id, 'mute', { userId: bob.id, minutes: 43_201 }, 400, 'VALIDATION_FAILED'],
      [room.id, 'mute', { userId: 'bob', minutes: 5 }, 400, 'VALIDATION_FAILED'],
      [room.id, 'warn', { userId: bob.id }, 400, 'VALIDATION_FAILED'],
      [room.id, 'mute', { userId: 2_000_000_000, minutes: 5 }, 404, 'NOT_FOUND'],
      [room.id, 'kick', { userId: carol.id }, 404, 'NOT_FOUND'], // not a member
      ['abc', 'mute', { userId: bob.id, minutes: 5 }, 400, 'VALIDATION_FAILED'],
      [2_000_000_000, 'mute', { userId: bob.id, minutes: 5 }, 404, 'NOT_FOUND'],
    ];
    for (const [roomId, action, body, status, code] of cases) {
      const response = await moderate(mod, roomId, action, body);
      expect([action, body, response.status, codeOf(response)]).toEqual([action, body, status, code]);
    }
  });

  it('every action is in the audit trail, and moderators review it as moderation activity', async () => {
    const room = await newRoom(alice, { members: [bob] });
    await moderate(mod, room.id, 'mute', { userId: bob.id, minutes: 5, reason: 'calm down' });
    await moderate(mod, room.id, 'unmute', { userId: bob.id });
    await moderate(mod, room.id, 'warn', { userId: bob.id, reason: 'last chance' });
    await moderate(mod, room.id, 'kick', { userId: bob.id });
    await moderate(mod, room.id, 'ban', { userId: bob.id, minutes: 60 });
    await moderate(mod, room.id, 'unban', { userId: bob.id });
    const filter = encodeURIComponent(JSON.stringify({ target: `room:${room.id}`, action: 'auth.' }));
    const response = await api(
      t,
      mod.token,
      'GET',
      `/api/admin/moderation/activity?filter=${filter}&range=[0,49]`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-range']).toBe('activity 0-5/6');
    const entries = response.json<AuditEntry[]>();
    expect(entries.map((e) => e.action)).toEqual(
      ['muted', 'unmuted', 'warned', 'kicked', 'banned', 'unbanned'].map((a) => `moderation.member.${a}`),
    );
    expect(entries.every((e) => e.actorId === mod.id && e.outcome === 'success')).toBe(true);
    expect(entries[0]!.details).toMatchObject({ userId: bob.id, minutes: 5, reason: 'calm down' });
    expect(entries[4]!.details).toMatchObject({ userId: bob.id, minutes: 60 });
    const denied = await api(t, carol.token, 'GET', '/api/admin/moderation/activity');
    expect([denied.status, codeOf(denied)]).toEqual([403, 'FORBIDDEN']);
  });
});
