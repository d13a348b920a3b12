import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { appendInTransaction } from './audit-append.js';
import { AuditAnchorRow } from './audit-anchor.entity.js';
import { latestAnchor, TRUNCATED_ACTION, type TruncationDetails } from './audit-anchors.js';
import { AuditChainHead } from './audit-chain-head.entity.js';
import { AuditEntryRow } from './audit-entry.entity.js';
import { prepare } from './audit.service.js';

/** The entries retention removes for a cutoff: ids 1..throughId, `entries` of them still stored. */
export interface AuditCut {
  cutoff: Date;
  throughId: number;
  entries: number;
}

type Reader = DataSource | EntityManager;

/**
 * The longest run of oldest entries all written before `cutoff` (a prefix, so what is left is still
 * one chain), plus entries an interrupted run anchored but had not yet deleted. Preview and run both
 * call this, so what the preview counts is what the run removes.
 */
export async function planAuditCut(reader: Reader, cutoff: Date): Promise<AuditCut> {
  const anchored = (await latestAnchor(reader))?.throughId ?? 0;
  const entries = reader.getRepository(AuditEntryRow);
  const firstKept = await entries
    .createQueryBuilder('e')
    .select('MIN(e.id)', 'id')
    .where('e.at >= :at', { at: cutoff.getTime() })
    .getRawOne<{ id: number | string | null }>();
  const head = await reader.getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
  const firstKeptId = numberOrNull(firstKept?.id);
  const aged = firstKeptId === null ? head.lastId : firstKeptId - 1;
  const throughId = Math.max(aged, anchored);
  return { cutoff, throughId, entries: await countThrough(reader, 0, throughId) };
}

async function countThrough(reader: Reader, afterId: number, throughId: number): Promise<number> {
  return reader
    .getRepository(AuditEntryRow)
    .createQueryBuilder('e')
    .where('e.id > :afterId AND e.id <= :throughId', { afterId, throughId })
    .getCount();
}

/**
 * Moves the start of the chain past the entries of the cut, in one transaction that holds the chain
 * head: writes the anchor (id and hash of the newest entry to go) and the `audit.truncated` entry
 * repeating it. The entries themselves are deleted afterwards in small batches (deleteAnchored):
 * the verifier ignores anything at or before the anchor, so the chain verifies at every moment.
 */
export function anchorAuditCut(dataSource: DataSource, cutoff: Date, actor: Actor | null): Promise<AuditCut> {
  return dataSource.transaction(async (manager) => {
    // A write first: SQLite takes its write lock now (not at the first insert), PostgreSQL locks the row.
    await manager.getRepository(AuditChainHead).update({ id: 1 }, { lastId: () => 'last_id' });
    const cut = await planAuditCut(manager, cutoff);
    const previous = (await latestAnchor(manager))?.throughId ?? 0;
    if (cut.throughId <= previous) return cut;
    const last = await manager.getRepository(AuditEntryRow).findOneByOrFail({ id: cut.throughId });
    const details: TruncationDetails = {
      throughId: cut.throughId,
      throughHash: last.hash,
      removed: await countThrough(manager, previous, cut.throughId),
      cutoff: cutoff.toISOString(),
    };
    const head = await manager.getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
    await manager.getRepository(AuditAnchorRow).insert({
      throughId: details.throughId,
      throughHash: details.throughHash,
      removedCount: details.removed,
      entryId: head.lastId + 1,
      createdAt: new Date(),
      actorId: actor?.userId ?? null,
    });
    const entry = await appendInTransaction(
      manager,
      prepare({
        actor,
        action: TRUNCATED_ACTION,
        target: `audit:${details.throughId}`,
        outcome: 'success',
        details: { ...details },
      }),
    );
    if (entry.id !== head.lastId + 1) throw new Error('the audit chain head moved during truncation');
    return cut;
  });
}

/**
 * Deletes up to `batch` of the oldest entries at or before `throughId` (never past the latest
 * anchor); the number deleted. One statement, so SQLite takes its write lock before reading anything.
 */
export async function deleteAnchored(
  dataSource: DataSource,
  throughId: number,
  batch: number,
): Promise<number> {
  const result = await dataSource
    .createQueryBuilder()
    .delete()
    .from(AuditEntryRow)
    .where(
      `id IN (SELECT e.id FROM audit_entries e
               WHERE e.id <= :throughId AND e.id <= (SELECT MAX(a.through_id) FROM audit_anchors a)
               ORDER BY e.id LIMIT ${Math.trunc(batch)})`,
      { throughId },
    )
    .execute();
  return result.affected ?? 0;
}

/** MIN() over no rows is NULL; pg returns integers of aggregates as strings. */
function numberOrNull(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
