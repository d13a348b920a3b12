import { type Room, UNREAD_COUNT_LIMIT } from '@atrio/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { chatScene } from '../../test/chat-scene.js';
import { api, type TestUser } from '../../test/factories.js';
import { collect, emit, emitRaw, next, send } from '../../test/chat-client.js';

let t: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const scene = chatScene({ users: ['alice', 'bob', 'carol'], unlimited: true });
const { connect, newRoom } = scene;
beforeAll(
  () =>
    ({
      t,
      users: { alice, bob, carol },
    } = scene),
);

async function roomOf(user: TestUser, roomId: number): Promise<Room> {
  return (await api(t, user.token, 'GET', `/api/rooms/${roomId}`)).json<Room>();
}

describe('mark as unread', () => {
  it('moves the read mark back to before the message, tells the member’s other tabs, and survives a new session', async () => {
    const room = await newRoom(alice, { members: [bob] });
    const a = await connect(alice);
    const sent = [];
    for (const body of ['uno', 'dos', 'tres', 'cuatro']) sent.push(await send(a, room.id, body));
    const [b1, b2] = [await connect(bob), await connect(bob)];
    expect((await emit(b1, 'message:read', { roomId: room.id, messageId: sent[3]!.id })).ok).toBe(true);
    await expect.poll(async () => (await roomOf(bob, room.id)).unread).toBe(0);

    const toOtherTab = next(b2, 'read:moved', (e) => e.roomId === room.id);
    const toAlice = collect(a, 'read:moved');
    const aliceReceipts = collect(a, 'receipt');
    const answer = await emit(b1, 'message:unread', { roomId: room.id, messageId: sent[1]!.id });
    expect(answer).toMatchObject({ ok: true, room: { id: room.id, unread: 3 } });
    expect(await toOtherTab).toEqual({ roomId: room.id, readId: sent[1]!.id - 1 });
    expect((await roomOf(bob, room.id)).unread).toBe(3);
    // The message before stays read; Alice is not told anything (Bob did read her messages).
    const members = (await api(t, alice.token, 'GET', `/api/rooms/${room.id}/members`)).json<
      Array<{ userId: number; readId: number }>
    >();
    expect(members.find((m) => m.userId === bob.id)?.readId).toBe(sent[1]!.id - 1);
    expect(toAlice).toEqual([]);
    expect(aliceReceipts.filter((r) => r.userId === bob.id)).toEqual([]);

    // Marking a later message unread never moves the mark forward.
    const later = await emit(b1, 'message:unread', { roomId: room.id, messageId: sent[3]!.id });
    expect(later).toMatchObject({ ok: true, room: { unread: 3 } });
    // Reading again moves it forward as usual.
    expect((await emit(b2, 'message:read', { roomId: room.id, messageId: sent[3]!.id })).ok).toBe(true);
    await expect.poll(async () => (await roomOf(bob, room.id)).unread).toBe(0);
  });

  it('refuses an unknown message, a message of another room, a room the caller is not in, and bad payloads', async () => {
    const room = await newRoom(alice, { members: [bob] });
    const elsewhere = await newRoom(alice);
    const privateRoom = await newRoom(alice, { visibility: 'private' });
    const a = await connect(alice);
    const inRoom = await send(a, room.id, 'hola');
    const inOther = await send(a, elsewhere.id, 'en otra sala');
    const inPrivate = await send(a, privateRoom.id, 'secreto');
    const b = await connect(bob);

    const unknown = await emit(b, 'message:unread', { roomId: room.id, messageId: 99_999_999 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const wrongRoom = await emit(b, 'message:unread', { roomId: room.id, messageId: inOther.id });
    expect(wrongRoom).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A public room Bob has not joined: readable, but he has no read mark there.
    const notJoined = await emit(b, 'message:unread', { roomId: elsewhere.id, messageId: inOther.id });
    expect(notJoined).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const notReadable = await emit(b, 'message:unread', { roomId: privateRoom.id, messageId: inPrivate.id });
    expect(notReadable).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const noRoom = await emit(b, 'message:unread', { roomId: 99_999_999, messageId: inRoom.id });
    expect(noRoom.ok).toBe(false);
    if (!noRoom.ok) expect(['NOT_FOUND', 'FORBIDDEN']).toContain(noRoom.error.code);

    for (const payload of [
      {},
      { roomId: room.id },
      { roomId: 'x', messageId: inRoom.id },
      { roomId: room.id, messageId: -1 },
    ]) {
      const refused = await emitRaw(b, 'message:unread', payload);
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    // Nothing moved.
    expect((await roomOf(bob, room.id)).unread).toBe(1);
  });
});

describe('unread mentions in the room list', () => {
  it('counts unread messages that mention the member or the room, and drops them once read', async () => {
    const room = await newRoom(alice, { members: [bob, carol] });
    const a = await connect(alice);
    await send(a, room.id, `@${bob.username} ¿lo revisas?`);
    await send(a, room.id, 'sin mención');
    await send(a, room.id, `@${carol.username} tú no, Bob`);
    const last = await send(a, room.id, 'todos @room a las cinco');

    const listed = (await api(t, bob.token, 'GET', '/api/rooms?joined=true')).json<Room[]>();
    expect(listed.find((r) => r.id === room.id)).toMatchObject({ unread: 4, mentions: 2 });
    expect(await roomOf(carol, room.id)).toMatchObject({ unread: 4, mentions: 2 });
    // The author is never mentioned by her own messages.
    expect(await roomOf(alice, room.id)).toMatchObject({ unread: 0, mentions: 0 });

    const b = await connect(bob);
    expect((await emit(b, 'message:read', { roomId: room.id, messageId: last.id })).ok).toBe(true);
    await expect.poll(async () => (await roomOf(bob, room.id)).mentions).toBe(0);
    // Marked unread from the first message: the mentions count again.
    const first = (await api(t, bob.token, 'GET', `/api/rooms/${room.id}/messages?limit=10`)).json<{
      messages: Array<{ id: number; body: string }>;
    }>().messages[0]!;
    const answer = await emit(b, 'message:unread', { roomId: room.id, messageId: first.id });
    expect(answer).toMatchObject({ ok: true, room: { unread: 4, mentions: 2 } });
  });

  it(`counts up to ${UNREAD_COUNT_LIMIT} unread and finds mentions among the newest that many`, async () => {
    const room = await newRoom(alice, { members: [bob] });
    const a = await connect(alice);
    await send(a, room.id, `@${bob.username} antigua: fuera de la cuenta`);
    for (let i = 0; i < UNREAD_COUNT_LIMIT + 10; i++) {
      await send(a, room.id, i === 20 ? `aviso para @${bob.username}` : `mensaje ${i}`);
    }
    // 111 unread: the count stops at the limit (shown as 99+); only the recent mention counts.
    expect(await roomOf(bob, room.id)).toMatchObject({ unread: UNREAD_COUNT_LIMIT, mentions: 1 });
    const listed = (await api(t, bob.token, 'GET', '/api/rooms?joined=true')).json<Room[]>();
    expect(listed.find((r) => r.id === room.id)).toMatchObject({ unread: UNREAD_COUNT_LIMIT, mentions: 1 });
    // Below the limit the count is exact again.
    const messages = (await api(t, bob.token, 'GET', `/api/rooms/${room.id}/messages?limit=50`)).json<{
      messages: Array<{ id: number }>;
    }>().messages;
    const b = await connect(bob);
    expect((await emit(b, 'message:read', { roomId: room.id, messageId: messages[0]!.id - 1 })).ok).toBe(
      true,
    );
    await expect.poll(async () => (await roomOf(bob, room.id)).unread).toBe(50);
    expect((await roomOf(bob, room.id)).mentions).toBe(0);
  });
});
