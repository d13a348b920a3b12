import type { Message, Room } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageRow } from '../messages/message.entity.js';
import type { TestServer } from '../../test/harness.js';
import { chatScene } from '../../test/chat-scene.js';
import { api, newUser, type TestUser } from '../../test/factories.js';
import { collect, emit, next, send } from '../../test/chat-client.js';

let t: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
// These tests send many messages as the same users; the rate limit has its own test (chat-input).
const scene = chatScene({ users: ['alice', 'bob', 'carol'], unlimited: true });
const { connect, newRoom } = scene;
beforeAll(
  () =>
    ({
      t,
      users: { alice, bob, carol },
    } = scene),
);

describe('two users chatting', () => {
  it('in a public room: the other member receives it live, stored before the ack', async () => {
    const room = await newRoom(alice);
    expect((await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`)).status).toBe(200);
    const [a, b] = [await connect(alice), await connect(bob)];
    const arriving = next(b, 'message:new', (e) => e.message.body === 'hola Bob');
    const sent = await send(a, room.id, 'hola Bob');
    const stored = await t.server.app.get(DataSource).getRepository(MessageRow).findOneBy({ id: sent.id });
    expect(stored?.body).toBe('hola Bob'); // durable when acknowledged
    expect((await arriving).message).toMatchObject({
      id: sent.id,
      authorId: alice.id,
      roomId: room.id,
      kind: 'text',
    });
    const history = await api(t, bob.token, 'GET', `/api/rooms/${room.id}/messages?limit=10`);
    expect(history.json<{ messages: Message[] }>().messages.map((m) => m.body)).toContain('hola Bob');
  });

  it('in a private room: a non-member can neither read nor receive, until invited', async () => {
    const room = await newRoom(alice, { visibility: 'private' });
    const [a, c] = [await connect(alice), await connect(carol)];
    const leaked = collect(c, 'message:new');
    await send(a, room.id, 'secret plan');
    expect((await api(t, carol.token, 'GET', `/api/rooms/${room.id}/messages`)).status).toBe(403);
    const sync = await emit(c, 'sync', { roomId: room.id, afterId: 0 });
    expect(sync).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await emit(c, 'room:join', { roomId: room.id })).ok).toBe(false);
    expect((await api(t, carol.token, 'GET', '/api/rooms')).json<Room[]>().map((r) => r.id)).not.toContain(
      room.id,
    );
    expect(
      (await api(t, alice.token, 'POST', `/api/rooms/${room.id}/members`, { userId: carol.id })).status,
    ).toBe(204);
    const arriving = next(c, 'message:new', (e) => e.message.body === 'welcome Carol');
    await send(a, room.id, 'welcome Carol');
    await arriving;
    expect(leaked.map((e) => e.message.body)).not.toContain('secret plan');
  });

  it('in a direct conversation, which is the same room every time', async () => {
    const first = await api(t, alice.token, 'POST', '/api/rooms/direct', { userIds: [bob.id] });
    const again = await api(t, bob.token, 'POST', '/api/rooms/direct', { userIds: [alice.id] });
    const room = first.json<Room>();
    expect(room.visibility).toBe('direct');
    expect(again.json<Room>().id).toBe(room.id);
    const b = await connect(bob);
    const a = await connect(alice);
    const arriving = next(b, 'message:new', (e) => e.message.roomId === room.id);
    await send(a, room.id, 'just us');
    await arriving;
    expect((await api(t, carol.token, 'GET', `/api/rooms/${room.id}/messages`)).status).toBe(403);
  });
});

describe('delivery', () => {
  it('a reconnecting client syncs exactly what it missed: no gap, no duplicate', async () => {
    const room = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const a = await connect(alice);
    let b = await connect(bob);
    const seenBefore = await send(a, room.id, 'before the cut');
    b.close();
    const missed: number[] = [];
    for (let i = 0; i < 5; i++) missed.push((await send(a, room.id, `missed ${i}`)).id);
    b = await connect(bob);
    const answer = await emit(b, 'sync', {
      roomId: room.id,
      afterId: seenBefore.id,
    });
    expect(answer.ok && answer.messages.map((m) => m.id)).toEqual(missed);
  });

  it('the same clientMsgId from the same user stores one message and returns the original', async () => {
    const room = await newRoom(alice);
    const a = await connect(alice);
    const [first, second] = await Promise.all([
      send(a, room.id, 'once only', 'client-42'),
      send(a, room.id, 'once only (retry)', 'client-42'),
    ]);
    expect(second.id).toBe(first.id);
    expect(second.body).toBe(first.body);
    const count = await t.server.app
      .get(DataSource)
      .getRepository(MessageRow)
      .countBy({ roomId: room.id, clientMsgId: 'client-42' });
    expect(count).toBe(1);
  });

  it('tracks delivered and read per member, with unread counts', async () => {
    const room = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const [a, b] = [await connect(alice), await connect(bob)];
    const m1 = await send(a, room.id, 'one');
    const m2 = await send(a, room.id, 'two');
    const unread = (await api(t, bob.token, 'GET', `/api/rooms/${room.id}`)).json<Room>().unread;
    expect(unread).toBe(2);
    const delivered = next(a, 'receipt', (r) => r.userId === bob.id && r.deliveredId === m2.id);
    expect((await emit(b, 'message:delivered', { roomId: room.id, messageId: m2.id })).ok).toBe(true);
    await delivered;
    const read = next(a, 'receipt', (r) => r.userId === bob.id && r.readId === m1.id);
    expect((await emit(b, 'message:read', { roomId: room.id, messageId: m1.id })).ok).toBe(true);
    await read;
    expect((await api(t, bob.token, 'GET', `/api/rooms/${room.id}`)).json<Room>().unread).toBe(1);
  });

  it('shares typing with the room and presence across a user’s sockets', async () => {
    const room = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const b = await connect(bob);
    const online = next(b, 'presence', (p) => p.userId === alice.id && p.status === 'online');
    const a1 = await connect(alice);
    await online;
    const a2 = await connect(alice);
    const typing = next(b, 'typing', (e) => e.userId === alice.id);
    expect((await emit(a1, 'typing', { roomId: room.id, typing: true })).ok).toBe(true);
    expect((await typing).typing).toBe(true);
    const offline = collect(b, 'presence');
    a1.close();
    const away = next(b, 'presence', (p) => p.userId === alice.id && p.status === 'away');
    await emit(a2, 'presence', { status: 'away' });
    await away;
    expect(offline.filter((p) => p.userId === alice.id && p.status === 'offline')).toEqual([]);
    const gone = next(b, 'presence', (p) => p.userId === alice.id && p.status === 'offline');
    a2.close();
    await gone;
  });

  it('tells presence only to the people who share a room with the user, and to the user’s other tabs', async () => {
    const dana = await newUser(t);
    const room = await newRoom(dana);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const outsider = await newUser(t); // shares no room with Dana
    const [b, o] = [await connect(bob), await connect(outsider)];
    const seenByOutsider = collect(o, 'presence');
    const seenByBob = next(b, 'presence', (p) => p.userId === dana.id && p.status === 'online');
    const d1 = await connect(dana);
    await seenByBob;
    const ownTab = next(d1, 'presence', (p) => p.status === 'away');
    const d2 = await connect(dana);
    await emit(d2, 'presence', { status: 'away' });
    await ownTab;
    // Events to one socket arrive in order: the outsider's own change comes after Dana's would have.
    const own = next(o, 'presence', (p) => p.userId === outsider.id);
    await emit(o, 'presence', { status: 'away' });
    await own;
    expect(seenByOutsider.filter((p) => p.userId === dana.id)).toEqual([]);
  });

  it('lists each member with their presence right now, so a client that just connected knows who is online', async () => {
    const room = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const presenceOf = async (userId: number) =>
      (await api(t, bob.token, 'GET', `/api/rooms/${room.id}/members`))
        .json<Array<{ userId: number; presence: string }>>()
        .find((m) => m.userId === userId)?.presence;
    expect(await presenceOf(alice.id)).toBe('offline');
    const a = await connect(alice);
    expect(await presenceOf(alice.id)).toBe('online');
    await emit(a, 'presence', { status: 'away' });
    expect(await presenceOf(alice.id)).toBe('away');
    const b = await connect(bob);
    const gone = next(b, 'presence', (p) => p.userId === alice.id && p.status === 'offline');
    a.close();
    await gone;
    expect(await presenceOf(alice.id)).toBe('offline');
  });
});

describe('member watermarks', () => {
  it('lists how far each member has received and read, so ticks survive a reload', async () => {
    const room = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const a = await connect(alice);
    const b = await connect(bob);
    const first = await send(a, room.id, 'first');
    const second = await send(a, room.id, 'second');
    expect((await emit(b, 'message:delivered', { roomId: room.id, messageId: second.id })).ok).toBe(true);
    expect((await emit(b, 'message:read', { roomId: room.id, messageId: first.id })).ok).toBe(true);
    const members = (await api(t, alice.token, 'GET', `/api/rooms/${room.id}/members`)).json<
      Array<{ userId: number; deliveredId: number; readId: number }>
    >();
    expect(members.find((m) => m.userId === bob.id)).toMatchObject({
      deliveredId: second.id,
      readId: first.id,
    });
    // Sending reads everything before it: the author's watermarks are at their own message.
    expect(members.find((m) => m.userId === alice.id)).toMatchObject({ readId: second.id });
  });
});

describe('mentions', () => {
  it('@user notifies that member; @room notifies everyone in the room', async () => {
    const room = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    await api(t, carol.token, 'POST', `/api/rooms/${room.id}/join`);
    const [a, b, c] = [await connect(alice), await connect(bob), await connect(carol)];
    const toCarol = collect(c, 'notice');
    const forBob = next(b, 'notice', (n) => n.code === 'MENTION');
    const sent = await send(a, room.id, `@${bob.username} can you check this?`);
    expect(await forBob).toMatchObject({ roomId: room.id, messageId: sent.id });
    const forCarol = next(c, 'notice', (n) => n.code === 'MENTION');
    await send(a, room.id, 'lunch @room?');
    await forCarol;
    expect(toCarol).toHaveLength(1); // not notified of Bob's mention
  });
});

describe('rooms and messages, the rest', () => {
  it('owners name room moderators, who may then set the topic; a room keeps an owner', async () => {
    const room = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    expect((await api(t, bob.token, 'PUT', `/api/rooms/${room.id}`, { topic: 'mine' })).status).toBe(403);
    expect(
      (await api(t, bob.token, 'PUT', `/api/rooms/${room.id}/members/${bob.id}`, { role: 'owner' })).status,
    ).toBe(403);
    const promoted = await api(t, alice.token, 'PUT', `/api/rooms/${room.id}/members/${bob.id}`, {
      role: 'moderator',
    });
    expect(
      promoted.json<Array<{ userId: number; role: string }>>().find((m) => m.userId === bob.id)?.role,
    ).toBe('moderator');
    expect(
      (await api(t, bob.token, 'PUT', `/api/rooms/${room.id}`, { topic: 'set by a room moderator' })).status,
    ).toBe(200);
    const lastOwner = await api(t, alice.token, 'PUT', `/api/rooms/${room.id}/members/${alice.id}`, {
      role: 'member',
    });
    expect(lastOwner.status).toBe(409);
    expect(
      (await api(t, alice.token, 'PUT', `/api/rooms/${room.id}/members/${carol.id}`, { role: 'moderator' }))
        .status,
    ).toBe(404);
  });

  it('replies point to a message of the same room; reactions toggle and reach the room', async () => {
    const room = await newRoom(alice);
    const other = await newRoom(alice);
    await api(t, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const [a, b] = [await connect(alice), await connect(bob)];
    const question = await send(a, room.id, 'lunch?');
    const reply = await emit(b, 'message:send', {
      roomId: room.id,
      body: 'yes',
      clientMsgId: 'r1',
      replyToId: question.id,
    });
    expect(reply.ok && reply.message?.replyToId).toBe(question.id);
    const elsewhere = await emit(b, 'message:send', {
      roomId: other.id,
      body: 'x',
      clientMsgId: 'r2',
      replyToId: question.id,
    });
    expect(elsewhere).toMatchObject({ ok: false });
    const updated = next(a, 'message:updated', (e) => e.message.id === question.id);
    const reacted = await emit(b, 'message:react', {
      messageId: question.id,
      emoji: '👍',
    });
    expect(reacted.ok && reacted.message.reactions).toEqual({ '👍': [bob.id] });
    expect((await updated).message.reactions).toEqual({ '👍': [bob.id] });
    await emit(a, 'message:react', { messageId: question.id, emoji: '🎉' });
    // History and sync carry each message's own reactions, and none on the others.
    const page = (await api(t, bob.token, 'GET', `/api/rooms/${room.id}/messages?limit=10`)).json<{
      messages: Message[];
    }>();
    const synced = await emit(b, 'sync', { roomId: room.id, afterId: 0 });
    for (const messages of [page.messages, synced.ok ? synced.messages : []]) {
      const byId = new Map(messages.map((m) => [m.id, m.reactions]));
      expect(byId.get(question.id)).toEqual({ '👍': [bob.id], '🎉': [alice.id] });
      expect(byId.get(reply.ok ? reply.message!.id : -1)).toEqual({});
    }
    await emit(a, 'message:react', { messageId: question.id, emoji: '🎉' });
    const undone = await emit(b, 'message:react', {
      messageId: question.id,
      emoji: '👍',
    });
    expect(undone.ok && undone.message.reactions).toEqual({});
  });

  it('pages history backwards with before and limit, oldest first within a page', async () => {
    const room = await newRoom(alice);
    const a = await connect(alice);
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await send(a, room.id, `page ${i}`)).id);
    const latest = (await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages?limit=3`)).json<{
      messages: Message[];
    }>();
    expect(latest.messages.map((m) => m.id)).toEqual(ids.slice(4));
    const before = latest.messages[0]!.id;
    const older = (
      await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages?limit=3&before=${before}`)
    ).json<{ messages: Message[] }>();
    expect(older.messages.map((m) => m.id)).toEqual(ids.slice(1, 4));
    expect((await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages?limit=1000`)).status).toBe(400);
    expect((await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages?before=abc`)).status).toBe(400);
  });

  it('an archived room can be read but not written to', async () => {
    const room = await newRoom(alice);
    const a = await connect(alice);
    await send(a, room.id, 'last words');
    expect(
      (await api(t, alice.token, 'POST', `/api/rooms/${room.id}/archive`, { archived: true })).json<Room>()
        .archived,
    ).toBe(true);
    expect(
      await emit(a, 'message:send', { roomId: room.id, body: 'too late', clientMsgId: 'ar1' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const history = (await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(history.messages.map((m) => m.body)).toContain('last words');
  });
});
