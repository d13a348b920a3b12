import { auditVerifyResultSchema } from '@atrio/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAuditChain, testActor } from '../../test/audit-factory.js';
import { DATABASE_KINDS, type DatabaseKind, openTestDatabase } from '../../test/databases.js';
import { AuditAnchorRow } from './audit-anchor.entity.js';
import { TRUNCATED_ACTION } from './audit-anchors.js';
import { AuditEntryRow } from './audit-entry.entity.js';
import { anchorAuditCut, deleteAnchored, planAuditCut } from './audit-truncation.js';
import { AuditService } from './audit.service.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** seedAuditChain writes entry n at this instant plus n seconds. */
const SEEDED_AT = 1_764_400_000_000;
const after = (id: number) => new Date(SEEDED_AT + id * 1000 + 500);

async function open(kind: DatabaseKind) {
  const database = await openTestDatabase(kind);
  cleanups.push(database.close);
  const { dataSource } = database;
  await seedAuditChain(dataSource, 60);
  const audit = new AuditService(dataSource);
  const ids = async () =>
    (await dataSource.getRepository(AuditEntryRow).find({ order: { id: 'ASC' } })).map((e) => e.id);
  /** Retention as the service runs it: anchor, then delete in small batches. */
  const truncate = async (cutoff: Date) => {
    const cut = await anchorAuditCut(dataSource, cutoff, testActor({ username: 'retention' }));
    let deleted = 0;
    for (let n = -1; n !== 0; deleted += n) n = await deleteAnchored(dataSource, cut.throughId, 7);
    return { cut, deleted };
  };
  return { dataSource, audit, ids, truncate };
}

describe.each(DATABASE_KINDS)('audit retention on %s', (kind) => {
  it('removes exactly the entries the plan counted and the chain still verifies', async () => {
    const { dataSource, audit, ids, truncate } = await open(kind);
    const planned = await planAuditCut(dataSource, after(25));
    expect(planned).toMatchObject({ throughId: 25, entries: 25 });

    const { cut, deleted } = await truncate(after(25));
    expect(cut).toMatchObject({ throughId: 25, entries: 25 });
    expect(deleted).toBe(25);
    expect(await ids()).toEqual(Array.from({ length: 36 }, (_, i) => 26 + i));

    const record = await audit.get('61');
    expect(record).toMatchObject({ action: TRUNCATED_ACTION, actorName: 'retention', target: 'audit:25' });
    expect(record.details).toMatchObject({ throughId: 25, removed: 25 });
    expect(auditVerifyResultSchema.parse(await audit.verify())).toMatchObject({
      ok: true,
      checked: 36,
      truncatedThroughId: 25,
    });

    // Later appends and a second truncation keep it verifiable.
    await audit.record({ actor: null, action: 'test.after', outcome: 'success' });
    await truncate(after(40));
    expect((await ids())[0]).toBe(41);
    expect(await audit.verify()).toMatchObject({ ok: true, truncatedThroughId: 40 });
    expect(await dataSource.getRepository(AuditAnchorRow).count()).toBe(2);
  });

  it('verifies at every moment of the batched deletion, and finishes an interrupted run', async () => {
    const { dataSource, audit, ids } = await open(kind);
    const cut = await anchorAuditCut(dataSource, after(30), null);
    // Anchored, nothing deleted yet: what is at or before the anchor is no longer part of the chain.
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 31, truncatedThroughId: 30 });
    expect(await deleteAnchored(dataSource, cut.throughId, 10)).toBe(10);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 31 });
    // The next plan (even with an earlier cutoff) still counts the leftovers, and removes them.
    expect(await planAuditCut(dataSource, after(5))).toMatchObject({ throughId: 30, entries: 20 });
    await anchorAuditCut(dataSource, after(5), null);
    expect(await dataSource.getRepository(AuditAnchorRow).count()).toBe(1);
    while ((await deleteAnchored(dataSource, 30, 100)) > 0);
    expect((await ids())[0]).toBe(31);
  });

  it('removes everything when every entry is old, keeping only the record of it', async () => {
    const { audit, ids, truncate } = await open(kind);
    await truncate(new Date());
    expect(await ids()).toEqual([61]);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 1, truncatedThroughId: 60 });
  });

  it('does nothing when nothing is old enough', async () => {
    const { dataSource, audit, truncate } = await open(kind);
    const { cut, deleted } = await truncate(after(0));
    expect(cut).toMatchObject({ throughId: 0, entries: 0 });
    expect(deleted).toBe(0);
    expect(await dataSource.getRepository(AuditAnchorRow).count()).toBe(0);
    expect(await audit.verify()).toEqual(expect.objectContaining({ ok: true, checked: 60 }));
  });

  it('still detects an entry altered after retention', async () => {
    const { dataSource, audit, truncate } = await open(kind);
    await truncate(after(25));
    await dataSource.query("UPDATE audit_entries SET target = 'seed:innocent' WHERE id = 40");
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 14,
      firstBrokenId: 40,
      reason: 'hash_mismatch',
    });
  });

  it('detects entries removed just after the anchor', async () => {
    const { dataSource, audit, truncate } = await open(kind);
    await truncate(after(25));
    await dataSource.query('DELETE FROM audit_entries WHERE id <= 30');
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenId: 31, reason: 'link_mismatch' });
  });

  it('detects a forged anchor hiding more entries', async () => {
    const { dataSource, audit, truncate } = await open(kind);
    await truncate(after(25));
    const [hidden] = await dataSource.getRepository(AuditEntryRow).findBy({ id: 30 });
    await dataSource.query('DELETE FROM audit_entries WHERE id <= 30');
    await dataSource.getRepository(AuditAnchorRow).insert({
      throughId: 30,
      throughHash: hidden!.hash,
      removedCount: 5,
      entryId: 61,
      createdAt: new Date(),
      actorId: null,
    });
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenId: 61, reason: 'anchor_mismatch' });

    // Pointing the anchor at a record that does not exist fails too.
    await dataSource.query('UPDATE audit_anchors SET entry_id = 999 WHERE through_id = 30');
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenId: 999, reason: 'anchor_mismatch' });
  });

  it('detects a removed anchor: the oldest entry then links to nothing', async () => {
    const { dataSource, audit, truncate } = await open(kind);
    await truncate(after(25));
    await dataSource.query('DELETE FROM audit_anchors');
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenId: 26, reason: 'link_mismatch' });
  });
});
