import type { Room, RoomDigest, SummaryJob } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, next, send, socketPool } from '../../test/chat-client.js';
import { eventually } from '../../test/eventually.js';
import { FAKE_MODEL, type FakeOllama, startFakeOllama } from '../../test/fake-ollama.js';
import { adminToken, api, newRoom, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { Clock } from '../common/clock.js';
import { MessageRow } from '../messages/message.entity.js';
import { DigestScheduler } from './digest-scheduler.service.js';
import { RoomDigestRow } from './room-digest.entity.js';
import { SummaryJobRow } from './summary-job.entity.js';
import { SummaryJobStore } from './summary-job-store.js';

let fake: FakeOllama;
let t: TestServer;
let admin: string;
const sockets = socketPool(() => t);

const LIMITS = {
  concurrency: 1,
  maxQueue: 20,
  silenceSeconds: 60,
  requestsPerHour: 1000,
  maxContextTokens: 8192,
};

beforeAll(async () => {
  fake = await startFakeOllama();
  t = await startTestServer({ OLLAMA_HOST: fake.url, ATRIO_AI_MODEL: FAKE_MODEL });
  admin = await adminToken(t);
  const raised = await api(t, admin, 'PUT', '/api/admin/settings/chat.limits', {
    value: {
      maxBodyLength: 4000,
      messagesPerSecond: 1000,
      messageBurst: 1000,
      eventsPerSecond: 1000,
      editWindowMinutes: 15,
      maxPayloadBytes: 65_536,
    },
  });
  expect(raised.status, raised.text).toBe(200);
});
beforeEach(async () => {
  fake.reset();
  const r = await api(t, admin, 'PUT', '/api/admin/settings/ai.summaries', { value: LIMITS });
  expect(r.status, r.text).toBe(200);
});
afterEach(sockets.closeAll);
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function roomWith(
  owner: TestUser,
  bodies: string[],
  members: TestUser[] = [],
  visibility: 'public' | 'private' = 'public',
) {
  const room = await newRoom(t, owner, { members, visibility });
  const socket = await sockets.connect(owner);
  const ids: number[] = [];
  for (const body of bodies) ids.push((await send(socket, room.id, body)).id);
  return { room, ids };
}

async function job(user: TestUser, jobId: string): Promise<SummaryJob> {
  const r = await api(t, user.token, 'GET', `/api/summaries/${jobId}`);
  expect(r.status, r.text).toBe(200);
  return r.json<SummaryJob>();
}

async function finished(user: TestUser, jobId: string): Promise<SummaryJob> {
  let found: SummaryJob | undefined;
  await eventually(`job ${jobId} ends`, async () => {
    found = await job(user, jobId);
    return found.status === 'done' || found.status === 'failed';
  });
  return found!;
}

async function summaries(user: TestUser, room: Room): Promise<SummaryJob[]> {
  const r = await api(t, user.token, 'GET', `/api/rooms/${room.id}/summaries`);
  expect(r.status, r.text).toBe(200);
  return r.json<{ summaries: SummaryJob[] }>().summaries;
}

const request = (user: TestUser, room: Room, body: object = {}) =>
  api(t, user.token, 'POST', `/api/rooms/${room.id}/summaries`, body);

/** The user's own words in a chat request (the room's messages reach the stand-in as JSON lines). */
const chatMentions = (text: string) => fake.chats.findIndex((c) => c.messages[1]?.content.includes(text));

describe('a time range', () => {
  it('summarises exactly the messages written between since and until', async () => {
    const alice = await newUser(t);
    const room = await newRoom(t, alice);
    const base = Date.now() - 10 * 3_600_000;
    const repo = t.server.app.get(DataSource).getRepository(MessageRow);
    const hours = [0, 1, 2, 3, 4];
    const inserted = await repo.save(
      hours.map((h) => ({
        roomId: room.id,
        authorId: alice.id,
        authorName: 'Alice',
        kind: 'text' as const,
        body: `Said at hour ${h}`,
        clientMsgId: null,
        replyToId: null,
        createdAt: new Date(base + h * 3_600_000),
        editedAt: null,
        deletedAt: null,
      })),
    );
    const since = new Date(base + 0.5 * 3_600_000).toISOString();
    const until = new Date(base + 3 * 3_600_000).toISOString(); // inclusive
    const r = await request(alice, room, { since, until });
    expect(r.status, r.text).toBe(202);
    const done = await finished(alice, r.json<{ jobId: string }>().jobId);
    expect(done.coverage).toMatchObject({
      firstMessageId: inserted[1]!.id,
      lastMessageId: inserted[3]!.id,
      count: 3,
      people: 1,
    });
    expect(fake.chats[0]?.messages[1]?.content).not.toContain('hour 0');
    expect(fake.chats[0]?.messages[1]?.content).not.toContain('hour 4');
    // The extractive one covers the same range.
    const extract = await request(alice, room, { since, until, extractive: true });
    expect((await job(alice, extract.json<{ jobId: string }>().jobId)).coverage?.count).toBe(3);
    // A quiet range is a clear failure, not an empty summary.
    const quiet = await request(alice, room, {
      since: new Date(base - 5 * 3_600_000).toISOString(),
      until: new Date(base - 4 * 3_600_000).toISOString(),
    });
    expect((await finished(alice, quiet.json<{ jobId: string }>().jobId)).error).toMatchObject({
      code: 'NOTHING_TO_SUMMARISE',
      message: 'Nobody wrote in this room during that time.',
    });
  });

  it('refuses a range that is inverted, in the future, too long, half given or mixed with unread', async () => {
    const alice = await newUser(t);
    const { room } = await roomWith(alice, ['x']);
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    const cases: Array<[object, string]> = [
      [{ since: at(1), until: at(2) }, 'until'],
      [{ since: at(-1) }, 'since'],
      [{ since: at(1), until: at(-1) }, 'until'],
      [{ since: at(24 * 40), until: at(1) }, 'until'],
      [{ until: at(1) }, 'since'],
      [{ since: at(2), unread: true }, 'unread'],
      [{ since: 'last tuesday' }, 'since'],
    ];
    for (const [body, field] of cases) {
      const r = await request(alice, room, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const error = r.json<{ error: { code: string; details: unknown } }>().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(error.details), JSON.stringify(body)).toContain(field);
    }
  });
});

describe('automatic catch-up', () => {
  it('is queued when a member comes back to a room with more unread than their setting, delivered to them, and not repeated without news', async () => {
    const alice = await newUser(t);
    const bob = await newUser(t);
    const invalid = await api(t, bob.token, 'PUT', '/api/auth/me', { summaries: { catchUpAfterUnread: 2 } });
    expect(invalid.status).toBe(400);
    const set = await api(t, bob.token, 'PUT', '/api/auth/me', { summaries: { catchUpAfterUnread: 5 } });
    expect(set.status, set.text).toBe(200);
    expect(set.json<{ settings: { summaries: unknown } }>().settings.summaries).toEqual({
      catchUpAfterUnread: 5,
    });
    const busy = await roomWith(alice, ['1', '2', '3', '4', '5', '6'], [bob]);
    const quiet = await roomWith(alice, ['1', '2', '3', '4', '5'], [bob]); // 5 is not more than 5

    const bobs = await sockets.connect(bob);
    const ready = await next(bobs, 'summary:ready', (e) => e.trigger === 'catch-up');
    expect(ready).toMatchObject({ roomId: busy.room.id, trigger: 'catch-up', status: 'done' });
    const caughtUp = await job(bob, ready.jobId);
    expect(caughtUp).toMatchObject({
      trigger: 'catch-up',
      coverage: { count: 6, lastMessageId: busy.ids[5] },
    });
    expect((await summaries(bob, busy.room)).map((s) => s.id)).toEqual([ready.jobId]);
    expect(await summaries(bob, quiet.room)).toEqual([]);
    // Someone else's catch-up is theirs alone.
    expect((await api(t, alice.token, 'GET', `/api/summaries/${ready.jobId}`)).status).toBe(404);
    expect(await summaries(alice, busy.room)).toEqual([]);

    // Back again without reading and nothing new: no second catch-up. Then news: a new one.
    bobs.close();
    await eventually('bob is offline', async () => {
      const members = await api(t, alice.token, 'GET', `/api/rooms/${busy.room.id}/members`);
      return (
        members.json<Array<{ userId: number; presence: string }>>().find((m) => m.userId === bob.id)
          ?.presence === 'offline'
      );
    });
    const again = await sockets.connect(bob);
    const later = collect(again, 'summary:ready');
    await send(await sockets.connect(alice), busy.room.id, '7');
    again.close();
    await eventually('bob is offline again', async () => {
      const members = await api(t, alice.token, 'GET', `/api/rooms/${busy.room.id}/members`);
      return (
        members.json<Array<{ userId: number; presence: string }>>().find((m) => m.userId === bob.id)
          ?.presence === 'offline'
      );
    });
    const third = await sockets.connect(bob);
    const fresh = await next(third, 'summary:ready', (e) => e.trigger === 'catch-up');
    expect((await job(bob, fresh.jobId)).coverage).toMatchObject({ count: 7 });
    const catchUps = (await summaries(bob, busy.room)).filter((s) => s.trigger === 'catch-up');
    expect(catchUps.map((s) => s.coverage?.count)).toEqual([7, 6]);
    expect(later.filter((e) => e.trigger === 'catch-up')).toEqual([]);
  });
});

describe('priority', () => {
  it('runs an on-demand job queued after automatic ones first', async () => {
    const alice = await newUser(t);
    const bob = await newUser(t);
    await api(t, bob.token, 'PUT', '/api/auth/me', { summaries: { catchUpAfterUnread: 5 } });
    const blocker = await roomWith(alice, ['blocking talk']);
    await roomWith(alice, ['first room a', 'b', 'c', 'd', 'e', 'f'], [bob]);
    await roomWith(alice, ['second room a', 'b', 'c', 'd', 'e', 'f'], [bob]);
    const urgent = await roomWith(alice, ['urgent matter']);

    fake.state.mode = 'silent'; // the running job holds the only slot until cancelled
    const running = (await request(alice, blocker.room)).json<{ jobId: string }>().jobId;
    await eventually('the blocking job runs', () => fake.chats.length === 1);
    const bobs = await sockets.connect(bob);
    const progress = collect(bobs, 'summary:progress');
    await eventually(
      'both catch-ups wait',
      () => new Set(progress.filter((p) => p.trigger === 'catch-up').map((p) => p.jobId)).size === 2,
    );
    expect(
      progress
        .filter((p) => p.trigger === 'catch-up')
        .map((p) => p.position)
        .sort(),
    ).toEqual([1, 2]);

    const late = await request(alice, urgent.room);
    expect(late.json<{ position: number }>().position).toBe(1);
    fake.state.mode = 'ok';
    expect((await api(t, alice.token, 'DELETE', `/api/summaries/${running}`)).status).toBe(204);
    expect((await finished(alice, late.json<{ jobId: string }>().jobId)).status).toBe('done');
    await eventually('every job ran', () => fake.chats.length === 4);
    const order = [
      chatMentions('urgent matter'),
      chatMentions('first room a'),
      chatMentions('second room a'),
    ];
    expect(order).toEqual(
      [1, 2, 3]
        .sort((a, b) => a - b)
        .slice(0, 1)
        .concat(order.slice(1)),
    );
    expect(order[0]).toBe(1);
    expect(order.slice(1).sort()).toEqual([2, 3]);
  });

  it('takes the place of a running automatic job, which runs again afterwards', async () => {
    const alice = await newUser(t);
    const bob = await newUser(t);
    const { room } = await roomWith(alice, ['digest me', 'please'], [bob]);
    const other = await roomWith(alice, ['now please']);
    const digest = await api(t, alice.token, 'PUT', `/api/rooms/${room.id}/digest`, {
      enabled: true,
      at: '00:00',
      timeZone: 'UTC',
    });
    expect(digest.status, digest.text).toBe(200);
    // Due as if yesterday's run had been missed.
    await t.server.app
      .get(DataSource)
      .getRepository(RoomDigestRow)
      .update({ roomId: room.id }, { updatedAt: new Date(Date.now() - 2 * 86_400_000) });
    fake.state.mode = 'silent';
    const made = await t.server.app.get(DigestScheduler).tick();
    const mine = made.find((m) => m.roomId === room.id);
    expect(mine?.jobId).toBeTruthy();
    await eventually('the digest runs', () => chatMentions('digest me') >= 0);
    fake.state.mode = 'ok';
    const bobs = await sockets.connect(bob);
    const digestReady = next(bobs, 'summary:ready', (e) => e.jobId === mine!.jobId!);
    const asked = await request(alice, other.room);
    expect((await finished(alice, asked.json<{ jobId: string }>().jobId)).status).toBe('done');
    await eventually('the stand-in saw the digest’s call closed', () => fake.aborted === 1);
    expect(await digestReady).toMatchObject({ roomId: room.id, trigger: 'digest', status: 'done' });
    expect((await job(bob, mine!.jobId!)).coverage?.count).toBe(2);
  });
});

describe('daily digest', () => {
  it('is set by the room’s owners only, validated, and audited', async () => {
    const owner = await newUser(t);
    const member = await newUser(t);
    const outsider = await newUser(t);
    const { room } = await roomWith(owner, ['x'], [member], 'private');
    const initial = await api(t, member.token, 'GET', `/api/rooms/${room.id}/digest`);
    expect(initial.json<RoomDigest>()).toMatchObject({
      enabled: false,
      canEdit: false,
      lastRunAt: null,
      nextRunAt: null,
    });
    expect((await api(t, outsider.token, 'GET', `/api/rooms/${room.id}/digest`)).status).toBe(403);
    const body = { enabled: true, at: '08:30', timeZone: 'Europe/Madrid' };
    expect((await api(t, member.token, 'PUT', `/api/rooms/${room.id}/digest`, body)).status).toBe(403);
    expect((await api(t, outsider.token, 'PUT', `/api/rooms/${room.id}/digest`, body)).status).toBe(403);
    for (const bad of [{ ...body, at: '8:30' }, { ...body, timeZone: 'Nowhere/Land' }, { enabled: true }]) {
      const r = await api(t, owner.token, 'PUT', `/api/rooms/${room.id}/digest`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    const saved = await api(t, owner.token, 'PUT', `/api/rooms/${room.id}/digest`, body);
    expect(saved.status, saved.text).toBe(200);
    const view = saved.json<RoomDigest>();
    expect(view).toMatchObject({ ...body, canEdit: true });
    expect(new Date(view.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
    expect(
      (await api(t, admin, 'PUT', `/api/rooms/${room.id}/digest`, { ...body, enabled: false })).status,
    ).toBe(200);
    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'summary.digest.updated' }))}&range=[0,99]`,
    );
    expect(
      audit.json<Array<{ target: string }>>().filter((e) => e.target === `room:${room.id}`),
    ).toHaveLength(2);
  });

  it('runs at its time for every member, once, and is skipped when nothing new was said', async () => {
    const owner = await newUser(t);
    const member = await newUser(t);
    const outsider = await newUser(t);
    const { room, ids } = await roomWith(
      owner,
      ['Budget approved.', 'Ana orders the laptops.'],
      [member],
      'private',
    );
    const clock = t.server.app.get(Clock);
    const soon = new Date(clock.now().getTime() + 2 * 60_000);
    const at = `${String(soon.getUTCHours()).padStart(2, '0')}:${String(soon.getUTCMinutes()).padStart(2, '0')}`;
    await api(t, owner.token, 'PUT', `/api/rooms/${room.id}/digest`, { enabled: true, at, timeZone: 'UTC' });
    const scheduler = t.server.app.get(DigestScheduler);
    expect((await scheduler.tick()).find((m) => m.roomId === room.id)).toBeUndefined(); // not yet
    const members = [await sockets.connect(owner), await sockets.connect(member)];
    const readies = members.map((s) => next(s, 'summary:ready', (e) => e.roomId === room.id));
    clock.advance(3 * 60_000);
    const made = (await scheduler.tick()).find((m) => m.roomId === room.id);
    expect(made?.jobId).toBeTruthy();
    expect((await scheduler.tick()).find((m) => m.roomId === room.id)).toBeUndefined(); // once
    for (const ready of await Promise.all(readies))
      expect(ready).toMatchObject({ jobId: made!.jobId, trigger: 'digest' });
    const digest = await job(member, made!.jobId!);
    expect(digest).toMatchObject({
      trigger: 'digest',
      status: 'done',
      coverage: { firstMessageId: ids[0], lastMessageId: ids[1], count: 2 },
    });
    expect((await summaries(member, room)).map((s) => s.id)).toContain(made!.jobId);
    expect((await api(t, outsider.token, 'GET', `/api/summaries/${made!.jobId!}`)).status).toBe(404);
    const view = (await api(t, member.token, 'GET', `/api/rooms/${room.id}/digest`)).json<RoomDigest>();
    expect(view.lastRunAt).not.toBeNull();

    // The next day with nothing new: due, skipped, no model call.
    const rows = t.server.app.get(DataSource).getRepository(RoomDigestRow);
    const yesterday = new Date(clock.now().getTime() - 86_400_000);
    await rows.update({ roomId: room.id }, { lastRunAt: yesterday, updatedAt: yesterday });
    const calls = fake.chats.length;
    expect((await scheduler.tick()).find((m) => m.roomId === room.id)).toEqual({
      roomId: room.id,
      jobId: null,
    });
    expect(fake.chats.length).toBe(calls);
    // News after that: the next digest covers only the new message.
    const fresh = await send(members[0]!, room.id, 'Laptops arrived.');
    await rows.update({ roomId: room.id }, { lastRunAt: yesterday, updatedAt: yesterday });
    const next2 = (await scheduler.tick()).find((m) => m.roomId === room.id);
    expect((await finished(member, next2!.jobId!)).coverage).toMatchObject({
      firstMessageId: fresh.id,
      count: 1,
    });
  });
});

describe('kept in the database', () => {
  it('answers a job from the database (another instance’s, or before a restart), and marks the unfinished ones interrupted at start', async () => {
    const alice = await newUser(t);
    const bob = await newUser(t);
    const { room } = await roomWith(alice, ['x'], [bob]);
    const rows = t.server.app.get(DataSource).getRepository(SummaryJobRow);
    const view = (id: string, status: SummaryJob['status']): SummaryJob => ({
      id,
      roomId: room.id,
      trigger: 'on-demand',
      status,
      kind: 'ai',
      model: FAKE_MODEL,
      createdAt: new Date().toISOString(),
      ...(status === 'done' && { summary: 'Stored elsewhere.' }),
    });
    const base = {
      roomId: room.id,
      userId: alice.id,
      trigger: 'on-demand',
      lastMessageId: null,
      createdAt: new Date(),
    };
    const doneId = '00000000-0000-4000-8000-000000000001';
    const runningId = '00000000-0000-4000-8000-000000000002';
    await rows.save([
      { ...base, id: doneId, status: 'done', view: JSON.stringify(view(doneId, 'done')) },
      { ...base, id: runningId, status: 'running', view: JSON.stringify(view(runningId, 'running')) },
    ]);
    expect(await job(alice, doneId)).toMatchObject({ status: 'done', summary: 'Stored elsewhere.' });
    expect((await api(t, bob.token, 'GET', `/api/summaries/${doneId}`)).status).toBe(404);
    await t.server.app.get(SummaryJobStore).onModuleInit(); // what a start does
    expect((await job(alice, runningId)).error?.code).toBe('INTERRUPTED');
    expect((await job(alice, doneId)).status).toBe('done');
  });
});
