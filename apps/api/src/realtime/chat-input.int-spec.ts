import type { Room } from '@atrio/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import type { TestServer } from '../../test/harness.js';
import { chatScene } from '../../test/chat-scene.js';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { emit, emitRaw, next, send } from '../../test/chat-client.js';

let t: TestServer;
let alice: TestUser;
let bob: TestUser;
let room: Room;
const scene = chatScene({ users: ['alice', 'bob'] });
const { connect, newRoom } = scene;

beforeAll(async () => {
  ({
    t,
    users: { alice, bob },
  } = scene);
  room = await newRoom(alice, { name: 'general', members: [bob] });
});

describe('bad input on the socket: a clear error, nothing stored, everyone else served', () => {
  it.each([
    ['a missing body', { roomId: 1, clientMsgId: 'x' }, 'VALIDATION_FAILED'],
    ['a wrong-typed roomId', { roomId: 'general', body: 'hi', clientMsgId: 'x' }, 'VALIDATION_FAILED'],
    ['a string payload', 'hello', 'VALIDATION_FAILED'],
    ['a null payload', null, 'VALIDATION_FAILED'],
    ['a number payload', 42, 'VALIDATION_FAILED'],
    ['an array payload', [1, 2], 'VALIDATION_FAILED'],
  ])('message:send with %s → %s', async (_name, payload, code) => {
    const a = await connect(alice);
    expect(await emitRaw(a, 'message:send', payload)).toMatchObject({ ok: false, error: { code } });
  });

  it('an unknown room → NOT_FOUND; a room the user is not in → FORBIDDEN', async () => {
    const a = await connect(alice);
    expect(await emit(a, 'message:send', { roomId: 999999, body: 'hi', clientMsgId: 'u1' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const other = await newRoom(bob, { name: 'bobs' });
    expect(await emit(a, 'message:send', { roomId: other.id, body: 'hi', clientMsgId: 'u2' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('a body over the limit → MESSAGE_TOO_LONG; an empty or blank body → VALIDATION_FAILED', async () => {
    const a = await connect(alice);
    const long = await emit(a, 'message:send', {
      roomId: room.id,
      body: 'x'.repeat(4001),
      clientMsgId: 'l1',
    });
    expect(long).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LONG' } });
    for (const body of ['', '   \n\t']) {
      expect(
        await emit(a, 'message:send', { roomId: room.id, body, clientMsgId: `e-${body.length}` }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    }
  });

  it('an event over the payload limit → PAYLOAD_TOO_LARGE, and the connection stays usable', async () => {
    const a = await connect(alice);
    const answer = await emit(a, 'message:send', {
      roomId: room.id,
      body: 'x'.repeat(70_000),
      clientMsgId: 'big',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect((await send(a, room.id, 'small again')).body).toBe('small again');
  });

  it('control characters and invalid UTF-8 (U+FFFD) are refused', async () => {
    const a = await connect(alice);
    for (const body of ['bell\u0007', 'nul\u0000', 'broken \ufffd text']) {
      const answer = await emit(a, 'message:send', {
        roomId: room.id,
        body,
        clientMsgId: `c-${body.length}`,
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('HTML and script are stored and delivered as the exact text typed', async () => {
    const [a, b] = [await connect(alice), await connect(bob)];
    const body = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';
    const arriving = next(b, 'message:new', (e) => e.message.clientMsgId === 'html-1');
    await send(a, room.id, body, 'html-1');
    expect((await arriving).message.body).toBe(body);
    const named = await api(t, alice.token, 'POST', '/api/rooms', {
      name: '<b>bold</b>',
      visibility: 'public',
    });
    expect(named.json<Room>().name).toBe('<b>bold</b>');
    const control = await api(t, alice.token, 'POST', '/api/rooms', {
      name: 'bad\u0001name',
      visibility: 'public',
    });
    expect(control.status).toBe(400);
  });

  it('a flood beyond the rate limit → RATE_LIMITED, while another user keeps chatting', async () => {
    const flooder = await newUser(t);
    await api(t, flooder.token, 'POST', `/api/rooms/${room.id}/join`);
    const [a, b] = [await connect(flooder), await connect(bob)];
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        emit(a, 'message:send', { roomId: room.id, body: `flood ${i}`, clientMsgId: `f-${i}` }),
      ),
    );
    const limited = answers.filter((x) => !x.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const fromBob = await send(b, room.id, 'still here');
    expect(fromBob.body).toBe('still here');
  });

  it('edits: own only, within the window; deletes: own, or any for moderators', async () => {
    const [a, b] = [await connect(alice), await connect(bob)];
    const mine = await send(a, room.id, 'typo hre');
    const edited = await emit(a, 'message:edit', {
      messageId: mine.id,
      body: 'typo here',
    });
    expect(edited.ok && edited.message.editedAt).toBeTruthy();
    expect(await emit(b, 'message:edit', { messageId: mine.id, body: 'hijacked' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await emit(b, 'message:delete', { messageId: mine.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    t.server.app.get(Clock).advance(16 * 60_000);
    expect(await emit(a, 'message:edit', { messageId: mine.id, body: 'too late' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const deleted = next(b, 'message:deleted', (e) => e.id === mine.id);
    expect((await emit(a, 'message:delete', { messageId: mine.id })).ok).toBe(true);
    await deleted;
    const moderator = await newUser(t, ['moderator']);
    const m = await connect(moderator);
    const bobs = await send(b, room.id, 'rude words');
    expect((await emit(m, 'message:delete', { messageId: bobs.id })).ok).toBe(true);
  });
});

describe('moderators outside the room', () => {
  it('a holder of moderation.moderate removes a message in a private room they are not in', async () => {
    const priv = await newRoom(alice, { name: 'closed', visibility: 'private' });
    const a = await connect(alice);
    const message = await send(a, priv.id, 'report me');
    const moderator = await newUser(t, ['moderator']);
    const m = await connect(moderator);
    expect((await emit(m, 'message:delete', { messageId: message.id })).ok).toBe(true);
    const member = await newUser(t);
    const n = await connect(member);
    expect(await emit(n, 'message:delete', { messageId: message.id })).toMatchObject({ ok: false });
  });
});

describe('commands', () => {
  it('/help lists what this user may run; an unknown command → UNKNOWN_COMMAND', async () => {
    const a = await connect(alice);
    const help = await emit(a, 'message:send', {
      roomId: room.id,
      body: '/help',
      clientMsgId: 'h1',
    });
    expect(help.ok && help.notice).toContain('/me');
    expect(
      await emit(a, 'message:send', { roomId: room.id, body: '/frobnicate', clientMsgId: 'h2' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' },
    });
  });

  it('/me stores an action message', async () => {
    const a = await connect(alice);
    const answer = await emit(a, 'message:send', {
      roomId: room.id,
      body: '/me waves',
      clientMsgId: 'me1',
    });
    expect(answer.ok && answer.message).toMatchObject({ kind: 'me', body: 'waves' });
  });

  it('/topic needs the room owner or a moderator; /invite, /join and /leave work', async () => {
    const [a, b] = [await connect(alice), await connect(bob)];
    expect(
      await emit(b, 'message:send', { roomId: room.id, body: '/topic mine now', clientMsgId: 't1' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      (await emit(a, 'message:send', { roomId: room.id, body: '/topic Lunch at 1', clientMsgId: 't2' })).ok,
    ).toBe(true);
    expect((await api(t, alice.token, 'GET', `/api/rooms/${room.id}`)).json<Room>().topic).toBe('Lunch at 1');
    const carol = await newUser(t);
    const priv = await newRoom(alice, { name: 'inner', visibility: 'private' });
    expect(
      (
        await emit(a, 'message:send', {
          roomId: priv.id,
          body: `/invite @${carol.username}`,
          clientMsgId: 'i1',
        })
      ).ok,
    ).toBe(true);
    expect((await api(t, carol.token, 'GET', `/api/rooms/${priv.id}/messages`)).status).toBe(200);
    const lobby = await newRoom(bob, { name: 'lobby' });
    expect(
      (await emit(a, 'message:send', { roomId: room.id, body: '/join lobby', clientMsgId: 'j1' })).ok,
    ).toBe(true);
    expect((await api(t, alice.token, 'GET', `/api/rooms/${lobby.id}`)).json<Room>().joined).toBe(true);
    expect((await emit(a, 'message:send', { roomId: lobby.id, body: '/leave', clientMsgId: 'j2' })).ok).toBe(
      true,
    );
    expect((await api(t, alice.token, 'GET', `/api/rooms/${lobby.id}`)).json<Room>().joined).toBe(false);
  });

  it('/summary answers UNAVAILABLE until the AI module is set up; every command use is audited', async () => {
    const a = await connect(alice);
    expect(
      await emit(a, 'message:send', { roomId: room.id, body: '/summary 20', clientMsgId: 's1' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    const admin = await adminToken(t);
    const filter = encodeURIComponent(JSON.stringify({ action: 'command.used', actor: alice.username }));
    const entries = (await api(t, admin, 'GET', `/api/admin/audit?filter=${filter}&range=[0,99]`)).json<
      Array<{ details: { command: string } }>
    >();
    expect(entries.map((e) => e.details.command)).toEqual(
      expect.arrayContaining(['help', 'me', 'topic', 'summary']),
    );
  });
});
