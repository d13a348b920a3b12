import type {
  AuditEntry,
  ErrorBody,
  Message,
  RetentionPolicy,
  RetentionPreview,
  RetentionRun,
  RetentionRunResult,
  Room,
  RoomRetention,
  SearchResults,
} from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, emit, send } from '../../test/chat-client.js';
import { adminToken, api, newUser, newRoom } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { Clock } from '../common/clock.js';
import { RetentionScheduler } from './retention-scheduler.service.js';

const DAY = 86_400_000;
const POLICY = '/api/admin/retention/policy';
let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const policy = (overrides: Partial<RetentionPolicy> = {}) => ({
  messageDays: null,
  auditDays: null,
  scheduleCron: '15 3 * * *',
  ...overrides,
});

function expectError(response: { status: number; json: <T>() => T }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.json<ErrorBody>().error.code).toBe(code);
  return response.json<ErrorBody>().error;
}

describe('retention over REST', () => {
  it('keeps everything by default and stores a changed policy', async () => {
    expect((await api(t, admin, 'GET', POLICY)).json()).toEqual(policy());
    const saved = await api(t, admin, 'PUT', POLICY, policy({ messageDays: 365, auditDays: 400 }));
    expect(saved.status, saved.text).toBe(200);
    expect((await api(t, admin, 'GET', POLICY)).json()).toEqual(policy({ messageDays: 365, auditDays: 400 }));
    // The same setting is on the settings resource.
    const setting = await api(t, admin, 'GET', '/api/admin/settings/retention.policy');
    expect(setting.json()).toMatchObject({ value: { messageDays: 365 } });
    await api(t, admin, 'PUT', POLICY, policy());
  });

  it.each([
    ['negative days', { messageDays: -5 }, 'messageDays'],
    ['zero days', { messageDays: 0 }, 'messageDays'],
    ['a fraction of a day', { messageDays: 1.5 }, 'messageDays'],
    ['days as text', { messageDays: '30' }, 'messageDays'],
    ['audit days below the floor', { auditDays: 30 }, 'auditDays'],
    ['a schedule that is not daily', { scheduleCron: '0 * * * *' }, 'scheduleCron'],
    ['an unknown field', { keepForever: true }, ''],
  ])('refuses %s with VALIDATION_FAILED', async (_name, change, path) => {
    const response = await api(t, admin, 'PUT', POLICY, { ...policy(), ...change });
    const error = expectError(response, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(error.details)).toContain(`"path":"${path}`);
    expect((await api(t, admin, 'GET', POLICY)).json()).toEqual(policy());
  });

  it('refuses a member without settings.manage, and a bad preview date', async () => {
    const member = await newUser(t, ['member']);
    expectError(await api(t, member.token, 'GET', POLICY), 403, 'FORBIDDEN');
    expectError(await api(t, member.token, 'POST', '/api/admin/retention/run'), 403, 'FORBIDDEN');
    expectError(
      await api(t, admin, 'GET', '/api/admin/retention/preview?at=yesterday'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('manages per-room overrides as a react-admin resource', async () => {
    const room = await newRoom(t, { token: admin });
    const base = '/api/admin/retention/rooms';
    const created = await api(t, admin, 'POST', base, { roomId: room.id, messageDays: 7 });
    expect(created.status, created.text).toBe(201);
    expect(created.json<RoomRetention>()).toMatchObject({ id: room.id, roomName: room.name, messageDays: 7 });
    expectError(await api(t, admin, 'POST', base, { roomId: room.id, messageDays: 9 }), 409, 'CONFLICT');

    const kept = await api(t, admin, 'PUT', `${base}/${room.id}`, { id: room.id, messageDays: null });
    expect(kept.json<RoomRetention>().messageDays).toBeNull();
    const list = await api(t, admin, 'GET', `${base}?sort=${encodeURIComponent('["id","ASC"]')}&range=[0,9]`);
    expect(list.headers['content-range']).toMatch(/^retention\/rooms 0-\d+\/\d+$/);
    expect(list.json<RoomRetention[]>().map((r) => r.id)).toContain(room.id);

    expectError(await api(t, admin, 'PUT', `${base}/999999`, { messageDays: 5 }), 404, 'NOT_FOUND');
    expectError(await api(t, admin, 'POST', base, { roomId: 999999, messageDays: 5 }), 404, 'NOT_FOUND');
    expectError(await api(t, admin, 'PUT', `${base}/abc`, { messageDays: 5 }), 400, 'VALIDATION_FAILED');
    expectError(
      await api(t, admin, 'PUT', `${base}/${room.id}`, { messageDays: -1 }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api(t, admin, 'PUT', `${base}/${room.id}`, { messageDays: 2.5 }),
      400,
      'VALIDATION_FAILED',
    );

    expect((await api(t, admin, 'DELETE', `${base}/${room.id}`)).status).toBe(204);
    expectError(await api(t, admin, 'GET', `${base}/${room.id}`), 404, 'NOT_FOUND');
    expectError(await api(t, admin, 'DELETE', `${base}/${room.id}`), 404, 'NOT_FOUND');
  });

  it('deletes old messages from history and search; unread counts and sync stay right', async () => {
    const db = t.server.app.get(DataSource);
    const word = `zanahoria${Math.random().toString(36).slice(2, 8)}`;
    const room = await newRoom(t, { token: admin });
    const member = await newUser(t);
    expect((await api(t, member.token, 'POST', `/api/rooms/${room.id}/join`)).status).toBeLessThan(300);
    const socket = await connectAs(t, admin);
    try {
      const old = [
        await send(socket, room.id, `old ${word} one`),
        await send(socket, room.id, `old ${word} two`),
      ];
      const reacted = await emit(socket, 'message:react', { messageId: old[0]!.id, emoji: '👍' });
      expect(reacted.ok).toBe(true);
      expect(
        (await api(t, member.token, 'POST', '/api/reports', { messageId: old[1]!.id, reason: 'spam' }))
          .status,
      ).toBe(201);
      await db.query(`UPDATE messages SET created_at = created_at - ${40 * DAY} WHERE id <= ${old[1]!.id}`);
      const fresh = await send(socket, room.id, `fresh ${word}`);
      const unread = async () =>
        (await api(t, member.token, 'GET', '/api/rooms')).json<Room[]>().find((r) => r.id === room.id)!
          .unread;
      expect(await unread()).toBe(3);

      await api(t, admin, 'PUT', POLICY, policy({ messageDays: 30 }));
      const preview = (await api(t, admin, 'GET', '/api/admin/retention/preview')).json<RetentionPreview>();
      const ran = await api(t, admin, 'POST', '/api/admin/retention/run');
      expect(ran.status, ran.text).toBe(200);
      const result = ran.json<RetentionRunResult>();
      expect(result).toMatchObject({
        status: 'done',
        trigger: 'manual',
        messages: preview.messages,
        reactions: 1,
        reports: 1,
      });
      expect(result.rooms.find((r) => r.roomId === room.id)?.messages).toBeGreaterThanOrEqual(2);

      const history = (await api(t, member.token, 'GET', `/api/rooms/${room.id}/messages`)).json<{
        messages: Message[];
      }>();
      expect(history.messages.map((m) => m.id)).toEqual([fresh.id]);
      const found = await api(t, member.token, 'GET', `/api/search/messages?q=${word}`);
      expect(found.json<SearchResults>().results.map((hit) => hit.message.id)).toEqual([fresh.id]);
      // The full-text index itself forgot them (a stale entry would still match here).
      const indexed: Array<{ id: number }> = await db.query(
        'SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?',
        [word],
      );
      expect(indexed.map((row) => Number(row.id))).toEqual([fresh.id]);
      expect(await unread()).toBe(1);
      const synced = await emit(socket, 'sync', { roomId: room.id, afterId: 0 });
      expect(synced.ok && synced.messages.map((m) => m.id)).toEqual([fresh.id]);
      const reports = await api(
        t,
        admin,
        'GET',
        `/api/admin/reports?filter=${encodeURIComponent(JSON.stringify({ roomId: room.id }))}`,
      );
      expect(reports.json<unknown[]>()).toEqual([]);

      const audit = await api(
        t,
        admin,
        'GET',
        `/api/admin/audit?filter=${encodeURIComponent('{"action":"retention.run"}')}`,
      );
      expect(audit.json<AuditEntry[]>().find((e) => e.target === `retention-run:${result.id}`)).toMatchObject(
        {
          outcome: 'success',
          details: { trigger: 'manual', messages: result.messages },
        },
      );
    } finally {
      socket.disconnect();
      await api(t, admin, 'PUT', POLICY, policy());
    }
  });

  it('runs on schedule once a day with the fake clock, and lists the runs', async () => {
    const scheduler = t.server.app.get(RetentionScheduler);
    const clock = t.server.app.get(Clock);
    await api(t, admin, 'PUT', POLICY, policy({ messageDays: 3650 }));
    // Saved after today's scheduled time: it first applies at the next one.
    expect(await scheduler.tick()).toBeNull();
    clock.advance(DAY);
    const first = await scheduler.tick();
    expect(first).toMatchObject({ trigger: 'scheduled', status: 'done', actorId: null });
    expect(await scheduler.tick()).toBeNull();
    clock.advance(DAY);
    expect(await scheduler.tick()).toMatchObject({ trigger: 'scheduled' });

    admin = await adminToken(t); // the old session idled out while the clock moved
    const runs = await api(
      t,
      admin,
      'GET',
      `/api/admin/retention/runs?sort=${encodeURIComponent('["id","DESC"]')}`,
    );
    expect(runs.headers['content-range']).toMatch(/^retention\/runs 0-\d+\/\d+$/);
    const listed = runs.json<RetentionRun[]>();
    expect(listed.filter((r) => r.trigger === 'scheduled')).toHaveLength(2);
    expect((await api(t, admin, 'GET', `/api/admin/retention/runs/${first!.id}`)).json()).toMatchObject({
      id: first!.id,
    });
    expectError(await api(t, admin, 'GET', '/api/admin/retention/runs/999999'), 404, 'NOT_FOUND');
  });
});
