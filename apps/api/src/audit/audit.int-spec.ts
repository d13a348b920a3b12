import { auditEntrySchema, auditVerifyResultSchema } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAuditChain, testActor } from '../../test/audit-factory.js';
import {
  DATABASE_KINDS,
  type DatabaseKind,
  openTestDatabase,
  type TestDatabase,
} from '../../test/databases.js';
import { openDatabase } from '../database/data-source.js';
import { GENESIS_HASH } from './audit-chain.js';
import { AuditService } from './audit.service.js';
import { APP_ENTITIES } from '../app-entities.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(kind: DatabaseKind): Promise<TestDatabase & { audit: AuditService }> {
  const database = await openTestDatabase(kind);
  cleanups.push(database.close);
  return { ...database, audit: new AuditService(database.dataSource) };
}

async function recordMany(audit: AuditService, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await audit.record({ actor: null, action: 'test.step', target: `step:${i + 1}`, outcome: 'success' });
  }
}

async function rawDetails(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ details: string }> = await dataSource.query(
    'SELECT details FROM audit_entries ORDER BY id',
  );
  return rows.map((row) => row.details);
}

describe.each(DATABASE_KINDS)('audit trail on %s', (kind) => {
  it('records who did what, linking each entry to the one before', async () => {
    const { audit } = await open(kind);
    const ana = testActor({ username: 'ana', ip: '10.1.2.3' });
    const first = await audit.record({
      actor: ana,
      action: 'user.locked',
      target: 'user:12',
      outcome: 'success',
      details: { reason: 'manual' },
    });
    const second = await audit.record({
      actor: null,
      actorName: 'mallory',
      action: 'auth.login.failed',
      outcome: 'failure',
      ip: '192.168.1.9',
    });
    expect(auditEntrySchema.parse(first)).toMatchObject({
      id: 1,
      actorId: ana.userId,
      actorName: 'ana',
      action: 'user.locked',
      target: 'user:12',
      outcome: 'success',
      ip: '10.1.2.3',
      details: { reason: 'manual' },
      prevHash: GENESIS_HASH,
    });
    expect(Math.abs(Date.parse(first.at) - Date.now())).toBeLessThan(10_000);
    expect(second).toMatchObject({
      id: 2,
      actorId: null,
      actorName: 'mallory',
      ip: '192.168.1.9',
      target: null,
    });
    expect(second.details).toEqual({});
    expect(second.prevHash).toBe(first.hash);
    const known = await audit.record({
      actor: null,
      actorName: 'ana',
      actorId: 12,
      action: 'auth.login.succeeded',
      outcome: 'success',
    });
    expect(known).toMatchObject({ actorId: 12, actorName: 'ana', ip: null });
    expect(await audit.get('2')).toEqual(second);
  });

  it('never stores secrets, at any depth of the details', async () => {
    const { audit, dataSource } = await open(kind);
    const entry = await audit.record({
      actor: null,
      actorName: 'ana',
      action: 'auth.password.changed',
      outcome: 'success',
      details: {
        currentPassword: 'old-hunter2',
        newPassword: 'new-hunter2',
        request: {
          totp: '123456',
          token: 'tok-hunter2',
          recovery: { answers: ['hunter2-pet'], code: 'c0de' },
        },
        temporaryPassword: 'tmp-hunter2',
        kept: 'visible',
      },
    });
    expect(entry.details).toEqual({ request: { recovery: {} }, kept: 'visible' });
    const [stored] = await rawDetails(dataSource);
    expect(stored).not.toMatch(/hunter2|123456|c0de/);
    expect(JSON.parse(stored!)).toEqual(entry.details);
  });

  it('refuses a malformed action name, a bug in the caller', async () => {
    const { audit } = await open(kind);
    await expect(audit.record({ actor: null, action: 'UserLocked', outcome: 'success' })).rejects.toThrow(
      /dotted/,
    );
    await audit.record({ actor: null, action: 'user.locked', outcome: 'success' });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 1 });
  });

  it('keeps one unforked chain under 50 concurrent appends', async () => {
    const { audit } = await open(kind);
    const entries = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        audit.record({ actor: testActor(), action: 'test.concurrent', target: `n:${i}`, outcome: 'success' }),
      ),
    );
    expect(entries.map((entry) => entry.id).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(new Set(entries.map((entry) => entry.prevHash)).size).toBe(50);
    expect(await audit.verify()).toEqual({
      ok: true,
      checked: 50,
      headHash: entries.find((e) => e.id === 50)!.hash,
    });
  });

  it('appends while another module holds a transaction open, and from inside one', async () => {
    const { audit, dataSource } = await open(kind);
    const step = (i: number) =>
      audit.record({ actor: null, action: 'test.mixed', target: `n:${i}`, outcome: 'success' });
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1');
      await Promise.all(Array.from({ length: 5 }, (_, i) => step(i)));
      await manager.query('SELECT 1');
    });
    const other = dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1');
      await new Promise(setImmediate);
      await manager.query('SELECT 1');
    });
    await Promise.all([other, ...Array.from({ length: 5 }, (_, i) => step(5 + i))]);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 10 });
  });

  it('verifies an empty chain', async () => {
    const { audit } = await open(kind);
    expect(await audit.verify()).toEqual({ ok: true, checked: 0, headHash: GENESIS_HASH });
  });

  it('reports the entry whose fields were altered', async () => {
    const { audit, dataSource } = await open(kind);
    await recordMany(audit, 5);
    await dataSource.query("UPDATE audit_entries SET action = 'test.innocent' WHERE id = 3");
    const result = auditVerifyResultSchema.parse(await audit.verify());
    expect(result).toMatchObject({ ok: false, checked: 2, firstBrokenId: 3, reason: 'hash_mismatch' });
  });

  it('reports the entry after one that was removed', async () => {
    const { audit, dataSource } = await open(kind);
    await recordMany(audit, 5);
    await dataSource.query('DELETE FROM audit_entries WHERE id = 3');
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 2,
      firstBrokenId: 4,
      reason: 'link_mismatch',
    });
  });

  it('reports removed newest entries, which no later link could reveal', async () => {
    const { audit, dataSource } = await open(kind);
    await recordMany(audit, 5);
    await dataSource.query('DELETE FROM audit_entries WHERE id >= 4');
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBrokenId: 4,
      reason: 'head_mismatch',
    });
  });

  it('walks a long chain in batches and finds a break past the first batch', async () => {
    const { audit, dataSource } = await open(kind);
    await seedAuditChain(dataSource, 2500);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 2500 });
    await dataSource.query("UPDATE audit_entries SET target = 'seed:x' WHERE id = 1500");
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 1499, firstBrokenId: 1500 });
  });

  it('records who verified the chain and what was found', async () => {
    const { audit, dataSource } = await open(kind);
    await recordMany(audit, 3);
    await dataSource.query('DELETE FROM audit_entries WHERE id = 2');
    const auditor = testActor({ username: 'auditor' });
    const result = await audit.verifyFor(auditor);
    expect(result).toMatchObject({ ok: false, firstBrokenId: 3 });
    const logged = await audit.get('4');
    expect(logged).toMatchObject({ actorName: 'auditor', action: 'audit.verified', outcome: 'failure' });
    expect(logged.details).toMatchObject({ checked: 1, firstBrokenId: 3, reason: 'link_mismatch' });
  });
});

describe('audit trail on PostgreSQL with two server instances', () => {
  it('cannot be forked by concurrent appends from both', async () => {
    const first = await openTestDatabase('PostgreSQL');
    cleanups.push(first.close);
    const secondSource = await openDatabase(first.config, APP_ENTITIES);
    cleanups.push(() => secondSource.destroy());
    const instances = [new AuditService(first.dataSource), new AuditService(secondSource)];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        instances[i % 2]!.record({
          actor: null,
          action: 'test.instances',
          target: `n:${i}`,
          outcome: 'success',
        }),
      ),
    );
    expect(await instances[0]!.verify()).toMatchObject({ ok: true, checked: 50 });
  });
});
