import type { Permission, RetentionPolicy } from '@atrio/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAuditChain } from '../../test/audit-factory.js';
import { DATABASE_KINDS, type DatabaseKind, openTestDatabase } from '../../test/databases.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { MessageRow } from '../messages/message.entity.js';
import { ReactionRow } from '../messages/reaction.entity.js';
import { MessageReportRow } from '../moderation/message-report.entity.js';
import { RoomRow } from '../rooms/room.entity.js';
import { SettingsService } from '../settings/settings.service.js';
import { User } from '../users/user.entity.js';
import { RetentionService } from './retention.service.js';
import { RoomRetentionService } from './room-retention.service.js';

const DAY = 86_400_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(kind: DatabaseKind) {
  const database = await openTestDatabase(kind);
  cleanups.push(database.close);
  const { dataSource } = database;
  // Time stands still: preview and run then happen at the same instant, so they must agree exactly.
  const clock = new Clock();
  const instant = Date.now();
  clock.now = () => new Date(instant);
  const audit = new AuditService(dataSource);
  const retention = new RetentionService(dataSource, new SettingsService(dataSource, audit), audit, clock);
  const overrides = new RoomRetentionService(dataSource, audit, clock);
  const user = await dataSource
    .getRepository(User)
    .save({ username: 'keeper', displayName: 'Keeper', passwordHash: 'unused', createdAt: new Date() });
  const admin: Actor = {
    userId: user.id,
    username: 'keeper',
    displayName: 'Keeper',
    roles: ['admin'],
    permissions: new Set<Permission>(['settings.manage']),
    sessionId: '',
    ip: '127.0.0.1',
  };
  const newRoom = async (name: string) =>
    (
      await dataSource
        .getRepository(RoomRow)
        .save({ name, visibility: 'public', createdAt: new Date(), directKey: null, archivedAt: null })
    ).id;
  /** One message per age (in days), oldest first, so ids grow with time as they do in production. */
  const post = async (roomId: number, ...ages: number[]) => {
    const ids: number[] = [];
    for (const age of ages) {
      const row = await dataSource.getRepository(MessageRow).save({
        roomId,
        authorId: user.id,
        authorName: 'Keeper',
        kind: 'text' as const,
        body: `aged ${age} days`,
        clientMsgId: null,
        replyToId: null,
        createdAt: new Date(clock.now().getTime() - age * DAY),
        editedAt: null,
        deletedAt: null,
      });
      ids.push(row.id);
    }
    return ids;
  };
  const setPolicy = (policy: Partial<RetentionPolicy>) =>
    retention.setPolicy(admin, { messageDays: null, auditDays: null, scheduleCron: '15 3 * * *', ...policy });
  const messageIds = async () =>
    (await dataSource.getRepository(MessageRow).find({ order: { id: 'ASC' } })).map((m) => m.id);
  return { dataSource, clock, retention, overrides, admin, user, newRoom, post, setPolicy, messageIds };
}

describe.each(DATABASE_KINDS)('retention on %s', (kind) => {
  it('deletes exactly what the preview counted, messages and audit entries alike', async () => {
    const { dataSource, retention, overrides, admin, newRoom, post, setPolicy, messageIds } =
      await setUp(kind);
    const [general, legal, scratch] = [
      await newRoom('general'),
      await newRoom('legal'),
      await newRoom('scratch'),
    ];
    await post(general, 400, 200, 31, 29.99, 1);
    await post(legal, 400, 200, 31, 1);
    await post(scratch, 40, 10, 6, 4);
    await seedAuditChain(dataSource, 30); // written in November 2025: long past any floor
    await setPolicy({ messageDays: 30, auditDays: 90 });
    await overrides.put(admin, legal, { messageDays: 365 });
    await overrides.put(admin, scratch, { messageDays: 5 });

    const before = await messageIds();
    const preview = await retention.preview();
    expect(preview.rooms.map((r) => [r.roomId, r.messages])).toEqual([
      [general, 3],
      [legal, 1],
      [scratch, 3],
    ]);
    expect(preview.messages).toBe(7);
    expect(preview.auditEntries).toBe(30);

    const progress: number[] = [];
    const result = await retention.run(admin, (done) => progress.push(done));
    const after = await messageIds();
    expect(before.length - after.length).toBe(preview.messages);
    expect(result).toMatchObject({
      status: 'done',
      trigger: 'manual',
      messages: preview.messages,
      roomsAffected: 3,
      auditEntries: preview.auditEntries,
    });
    expect(result.rooms).toEqual(preview.rooms);
    expect(progress.at(-1)).toBe(preview.messages + preview.auditEntries);
    // Nothing left to do at the same instant.
    expect(await retention.preview(new Date(preview.at))).toMatchObject({ messages: 0, auditEntries: 0 });
    expect(await retention.runs.get(result.id)).toMatchObject({ status: 'done', messages: 7 });
  });

  it('lets a room override win over the global policy, in both directions and forever', async () => {
    const { retention, overrides, admin, newRoom, post, setPolicy, messageIds } = await setUp(kind);
    const [global, shorter, longer, forever] = [
      await newRoom('global'),
      await newRoom('shorter'),
      await newRoom('longer'),
      await newRoom('forever'),
    ];
    const kept = {
      global: await post(global, 20),
      shorter: await post(shorter, 60),
      longer: await post(longer, 60, 20),
      forever: await post(forever, 5000, 20),
    };
    const gone = [...(await post(global, 40)), ...(await post(shorter, 8)), ...(await post(longer, 100))];
    await setPolicy({ messageDays: 30 });
    await overrides.put(admin, shorter, { messageDays: 7 });
    await overrides.put(admin, longer, { messageDays: 90 });
    await overrides.put(admin, forever, { messageDays: null });
    // shorter's 60-day message goes too: its own 7 days are shorter than the global 30.
    gone.push(...kept.shorter);

    await retention.run(admin);
    const left = await messageIds();
    for (const id of gone) expect(left).not.toContain(id);
    expect(left).toEqual([...kept.global, ...kept.longer, ...kept.forever].sort((a, b) => a - b));
  });

  it('keeps every message while the global policy is null and no room has one', async () => {
    const { retention, admin, newRoom, post, messageIds } = await setUp(kind);
    await post(await newRoom('old'), 10_000, 1);
    const result = await retention.run(admin);
    expect(result).toMatchObject({ messages: 0, auditEntries: 0, rooms: [] });
    expect(await messageIds()).toHaveLength(2);
  });

  it('removes the reactions and reports of deleted messages, and keeps replies to them', async () => {
    const { dataSource, retention, user, newRoom, post, setPolicy } = await setUp(kind);
    const room = await newRoom('threads');
    const [old] = await post(room, 100);
    const [reply] = await post(room, 2);
    await dataSource.getRepository(MessageRow).update({ id: reply! }, { replyToId: old! });
    await dataSource.getRepository(ReactionRow).insert({ messageId: old!, userId: user.id, emoji: '👍' });
    await dataSource.getRepository(ReactionRow).insert({ messageId: reply!, userId: user.id, emoji: '👍' });
    await dataSource.getRepository(MessageReportRow).insert({
      messageId: old!,
      roomId: room,
      reporterId: user.id,
      reason: 'old news',
      createdAt: new Date(),
    });
    await setPolicy({ messageDays: 30 });

    const result = await retention.run(null);
    expect(result).toMatchObject({ messages: 1, reactions: 1, reports: 1 });
    expect(await dataSource.getRepository(ReactionRow).findBy({ messageId: old! })).toEqual([]);
    expect(await dataSource.getRepository(MessageReportRow).count()).toBe(0);
    const kept = await dataSource.getRepository(MessageRow).findOneByOrFail({ id: reply! });
    expect(kept.replyToId).toBe(old); // the client shows "original message deleted"
    expect(await dataSource.getRepository(ReactionRow).countBy({ messageId: reply! })).toBe(1);
  });

  it('never reuses the id of a deleted message, so sync cursors stay valid', async () => {
    const { retention, admin, newRoom, post, setPolicy } = await setUp(kind);
    const room = await newRoom('cursor');
    const ids = await post(room, 50, 40);
    await setPolicy({ messageDays: 30 });
    await retention.run(admin);
    const [next] = await post(room, 0);
    expect(next).toBeGreaterThan(Math.max(...ids));
  });

  it('deletes in many small batches, skipping kept rooms in between', async () => {
    const { dataSource, retention, overrides, admin, user, newRoom, setPolicy, messageIds } =
      await setUp(kind);
    const [purged, kept] = [await newRoom('purged'), await newRoom('kept')];
    const old = new Date(Date.now() - 100 * DAY);
    const rows = Array.from({ length: 1234 }, (_, i) => ({
      roomId: i % 3 === 0 ? kept : purged,
      authorId: user.id,
      authorName: 'Keeper',
      kind: 'text' as const,
      body: `bulk ${i}`,
      clientMsgId: null,
      replyToId: null,
      createdAt: old,
      editedAt: null,
      deletedAt: null,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await dataSource.getRepository(MessageRow).insert(rows.slice(i, i + 200));
    }
    await setPolicy({ messageDays: 30 });
    await overrides.put(admin, kept, { messageDays: null });
    const preview = await retention.preview();
    expect(preview.messages).toBe(822);

    const calls: Array<[number, number, string]> = [];
    const result = await retention.run(admin, (done, total, label) => calls.push([done, total, label]));
    expect(result.messages).toBe(822);
    expect(await messageIds()).toHaveLength(412);
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.every(([, total]) => total === 822)).toBe(true);
    expect(calls.at(-1)).toEqual([822, 822, 'messages']);
  });

  it('refuses a second run while one is in progress', async () => {
    const { retention, admin } = await setUp(kind);
    const first = retention.run(admin);
    await expect(retention.run(admin)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(first).resolves.toMatchObject({ status: 'done' });
  });

  it('keeps a broken audit chain whole, so the evidence of tampering survives', async () => {
    const { dataSource, retention, admin, setPolicy } = await setUp(kind);
    await seedAuditChain(dataSource, 20);
    await dataSource.query("UPDATE audit_entries SET target = 'seed:hidden' WHERE id = 5");
    await setPolicy({ auditDays: 90 });
    const result = await retention.run(admin);
    expect(result).toMatchObject({ status: 'done', auditEntries: 0 });
    expect(result.note).toMatch(/does not verify at entry 5 \(hash_mismatch\)/);
    expect(await dataSource.query('SELECT id FROM audit_entries WHERE id <= 20')).toHaveLength(20);
  });
});
