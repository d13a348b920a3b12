import type { AuditEntry, Room } from '@atrio/protocol';
import type { Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { chatScene } from '../../test/chat-scene.js';
import { adminToken, api, type TestUser } from '../../test/factories.js';
import { emit, next, send, type AckAnswer } from '../../test/chat-client.js';

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

let sequence = 0;
function command(socket: Socket, roomId: number, body: string): Promise<AckAnswer<{ notice?: string }>> {
  return emit(socket, 'message:send', { roomId, body, clientMsgId: `cmd-${++sequence}` });
}

const join = (user: TestUser, roomId: number) => api(t, user.token, 'POST', `/api/rooms/${roomId}/join`);

describe('moderation commands', () => {
  it('/mute @user 10m and /unmute @user', async () => {
    const room = await newRoom(alice, { members: [bob, mod] });
    const [m, b] = [await connect(mod), await connect(bob)];
    const told = next(b, 'notice', (n) => n.code === 'MUTED');
    const muted = await command(m, room.id, `/mute @${bob.username} 10m stop shouting`);
    expect(muted).toMatchObject({
      ok: true,
      command: 'mute',
      notice: `@${bob.username} is muted for 10 minutes.`,
    });
    await told;
    const refused = await emit(b, 'message:send', { roomId: room.id, body: 'hey', clientMsgId: 'b-1' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'MUTED' } });
    expect(await command(m, room.id, `/unmute ${bob.username}`)).toMatchObject({
      ok: true,
      command: 'unmute',
    });
    await send(b, room.id, 'thank you');
  });

  it('/kick and /ban @user [duration] [reason], then /unban', async () => {
    const room = await newRoom(alice, { members: [bob, mod] });
    const m = await connect(mod);
    expect(await command(m, room.id, `/kick @${bob.username} off topic`)).toMatchObject({ ok: true });
    expect((await api(t, bob.token, 'GET', `/api/rooms/${room.id}`)).json<Room>().joined).toBe(false);
    expect((await join(bob, room.id)).status).toBe(200);
    const banned = await command(m, room.id, `/ban @${bob.username} 2h spamming links`);
    expect(banned).toMatchObject({ ok: true, notice: `@${bob.username} is banned for 2 hours.` });
    expect((await join(bob, room.id)).status).toBe(403);
    expect(await command(m, room.id, `/unban @${bob.username}`)).toMatchObject({ ok: true });
    expect((await join(bob, room.id)).status).toBe(200);
    expect(await command(m, room.id, `/ban @${bob.username}`)).toMatchObject({
      ok: true,
      notice: `@${bob.username} is banned.`,
    });

    const filter = encodeURIComponent(JSON.stringify({ target: `room:${room.id}` }));
    const entries = (await api(t, mod.token, 'GET', `/api/admin/moderation/activity?filter=${filter}`)).json<
      AuditEntry[]
    >();
    expect(entries.map((e) => e.action)).toEqual([
      'moderation.member.kicked',
      'moderation.member.banned',
      'moderation.member.unbanned',
      'moderation.member.banned',
    ]);
    expect(entries[1]!.details).toMatchObject({ userId: bob.id, minutes: 120, reason: 'spamming links' });
  });

  it('the room owner may use them in their room; a plain member is refused FORBIDDEN', async () => {
    const room = await newRoom(alice, { members: [bob, carol] });
    const [a, c] = [await connect(alice), await connect(carol)];
    for (const body of [`/mute @${bob.username} 5m`, `/kick @${bob.username}`, `/ban @${bob.username}`]) {
      expect(await command(c, room.id, body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await command(a, room.id, `/mute @${bob.username}`)).toMatchObject({
      ok: true,
      notice: `@${bob.username} is muted for 10 minutes.`,
    });
    const admin = await adminToken(t);
    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'command.used', target: `room:${room.id}` }))}`,
    );
    expect(audit.json<AuditEntry[]>().map((e) => [e.actorId, e.outcome])).toEqual([
      [carol.id, 'failure'],
      [carol.id, 'failure'],
      [carol.id, 'failure'],
      [alice.id, 'success'],
    ]);
  });

  it('answers usage, unknown users and bad durations with their codes', async () => {
    const room = await newRoom(alice, { members: [bob, mod] });
    const m = await connect(mod);
    for (const [body, code] of [
      ['/mute', 'VALIDATION_FAILED'],
      ['/mute @nobody-here 5m', 'NOT_FOUND'],
      [`/mute @${bob.username} 0m`, 'VALIDATION_FAILED'],
      [`/mute @${bob.username} 31d`, 'VALIDATION_FAILED'],
      [`/warn @${bob.username}`, 'VALIDATION_FAILED'],
      [`/mute @${mod.username} 5m`, 'FORBIDDEN'],
    ]) {
      const answer = await command(m, room.id, body!);
      expect([body, answer.ok ? 'ok' : answer.error.code]).toEqual([body, code]);
    }
    const help = await command(m, room.id, '/help');
    expect(help.ok && help.notice).toMatch(/\/mute @user/);
  });
});
