import type { Message, Room } from '@atrio/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emit, socketPool } from '../../test/chat-client.js';
import { api, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
const sockets = socketPool(() => t);
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(sockets.closeAll);
afterAll(() => t.close());

describe('edges an adversarial pass found', () => {
  it('a lone surrogate in a message is refused, so what is acknowledged is exactly what is stored', async () => {
    const alice = await newUser(t);
    const room = (
      await api(t, alice.token, 'POST', '/api/rooms', { name: `utf16 ${Date.now()}`, visibility: 'public' })
    ).json<Room>();
    const socket = await sockets.connect(alice);
    for (const body of ['x\ud800y', 'x\udc00y', '\ud800', 'tail\udbff']) {
      const answer = await emit(socket, 'message:send', {
        roomId: room.id,
        body,
        clientMsgId: `s-${Math.random()}`,
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    const pair = await emit(socket, 'message:send', { roomId: room.id, body: 'ok 😀', clientMsgId: 'pair' });
    expect(pair).toMatchObject({ ok: true, message: { body: 'ok 😀' } });
    const history = (await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(history.messages.filter((m) => m.kind === 'text').map((m) => m.body)).toEqual(['ok 😀']);
    const edit = await emit(socket, 'message:edit', {
      messageId: (pair as { message: Message }).message.id,
      body: 'a\ud800',
    });
    expect(edit).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('a direct conversation one side left is reopened for both, with its history', async () => {
    const alice = await newUser(t);
    const bob = await newUser(t);
    const dm = (await api(t, alice.token, 'POST', '/api/rooms/direct', { userIds: [bob.id] })).json<Room>();
    const socket = await sockets.connect(alice);
    expect(
      await emit(socket, 'message:send', { roomId: dm.id, body: 'hi bob', clientMsgId: 'dm-1' }),
    ).toMatchObject({
      ok: true,
    });
    expect((await api(t, bob.token, 'POST', `/api/rooms/${dm.id}/leave`)).status).toBe(204);
    const reopenedByAlice = await api(t, alice.token, 'POST', '/api/rooms/direct', { userIds: [bob.id] });
    expect(reopenedByAlice.json()).toMatchObject({ id: dm.id, joined: true });
    const bobsView = await api(t, bob.token, 'GET', `/api/rooms/${dm.id}/messages`);
    expect(bobsView.status).toBe(200);
    expect(bobsView.json<{ messages: Message[] }>().messages.map((m) => m.body)).toContain('hi bob');
    expect((await api(t, alice.token, 'POST', `/api/rooms/${dm.id}/leave`)).status).toBe(204);
    const reopenedByBob = await api(t, bob.token, 'POST', '/api/rooms/direct', { userIds: [alice.id] });
    expect(reopenedByBob.json()).toMatchObject({ id: dm.id, joined: true, memberCount: 2 });
  });

  it('/join answers a private room and a missing room the same way', async () => {
    const owner = await newUser(t);
    const secret = `secret-${Date.now()}`;
    expect(
      (await api(t, owner.token, 'POST', '/api/rooms', { name: secret, visibility: 'private' })).status,
    ).toBe(201);
    const lobby = (
      await api(t, owner.token, 'POST', '/api/rooms', { name: `lobby ${Date.now()}`, visibility: 'public' })
    ).json<Room>();
    const outsider = await newUser(t);
    expect((await api(t, outsider.token, 'POST', `/api/rooms/${lobby.id}/join`)).status).toBe(200);
    const socket = await sockets.connect(outsider);
    const join = (name: string) =>
      emit(socket, 'message:send', {
        roomId: lobby.id,
        body: `/join ${name}`,
        clientMsgId: `j-${Math.random()}`,
      });
    const privateAnswer = await join(secret);
    const missingAnswer = await join('no-such-room-at-all');
    expect(privateAnswer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(missingAnswer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const text = (answer: typeof privateAnswer, name: string) =>
      answer.ok ? '' : answer.error.message.replace(name, '<name>');
    expect(text(privateAnswer, secret)).toBe(text(missingAnswer, 'no-such-room-at-all'));
    const publicAnswer = await join(lobby.name);
    expect(publicAnswer).toMatchObject({ ok: true });
  });
});
