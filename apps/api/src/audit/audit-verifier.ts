import type { AuditVerifyResult } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import type { AuditAnchorRow } from './audit-anchor.entity.js';
import { latestAnchor, vouchesFor } from './audit-anchors.js';
import { entryHash, GENESIS_HASH } from './audit-chain.js';
import { AuditChainHead } from './audit-chain-head.entity.js';
import { AuditEntryRow } from './audit-entry.entity.js';
import { chainFieldsOf } from './audit-entry.mapper.js';

const BATCH = 1000;

/**
 * Walks the chain in id order, a batch at a time, up to the head as it was when the walk started,
 * so entries appended during the walk are neither checked nor mistaken for a break. Once retention
 * removed old entries, the walk starts after the latest anchor instead of at GENESIS_HASH.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<AuditVerifyResult> {
  const { result, anchor } = await walk(dataSource);
  if (result.ok) return result;
  // A retention run that moved the anchor during the walk looks like a removal at the start.
  const now = await latestAnchor(dataSource);
  return now?.throughId === anchor?.throughId ? result : (await walk(dataSource)).result;
}

async function walk(
  dataSource: DataSource,
): Promise<{ result: AuditVerifyResult; anchor: AuditAnchorRow | null }> {
  const head = await dataSource.getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
  const anchor = await latestAnchor(dataSource);
  const entries = dataSource.getRepository(AuditEntryRow);
  let checked = 0;
  let lastId = anchor?.throughId ?? 0;
  let prevHash = anchor?.throughHash ?? GENESIS_HASH;
  let vouched = anchor === null;
  const done = (result: AuditVerifyResult) => ({ result, anchor });
  for (;;) {
    const batch = await entries
      .createQueryBuilder('e')
      .where('e.id > :lastId AND e.id <= :headId', { lastId, headId: head.lastId })
      .orderBy('e.id', 'ASC')
      .limit(BATCH)
      .getMany();
    for (const row of batch) {
      if (entryHash(chainFieldsOf(row)) !== row.hash) {
        return done(
          broken(checked, row.id, 'hash_mismatch', `Entry ${row.id} was altered after it was written.`),
        );
      }
      if (row.prevHash !== prevHash) {
        return done(
          broken(
            checked,
            row.id,
            'link_mismatch',
            `Entry ${row.id} does not follow entry ${lastId || '(start)'}: entries before it were removed or reordered.`,
          ),
        );
      }
      if (anchor && row.id === anchor.entryId) {
        if (!vouchesFor(row, anchor)) {
          return done(broken(checked, row.id, 'anchor_mismatch', anchorMessage(anchor)));
        }
        vouched = true;
      }
      checked++;
      lastId = row.id;
      prevHash = row.hash;
    }
    if (batch.length < BATCH) break;
  }
  if (!vouched) return done(broken(checked, anchor!.entryId, 'anchor_mismatch', anchorMessage(anchor!)));
  if (lastId !== head.lastId) {
    return done(
      broken(
        checked,
        lastId + 1,
        'head_mismatch',
        `The newest entries (${lastId + 1} to ${head.lastId}) were removed.`,
      ),
    );
  }
  if (prevHash !== head.hash) {
    return done(
      broken(checked, lastId, 'head_mismatch', `Entry ${lastId} is not the entry the chain head records.`),
    );
  }
  const truncated = anchor ? { truncatedThroughId: anchor.throughId } : {};
  return done({ ok: true, checked, headHash: prevHash, ...truncated });
}

function anchorMessage(anchor: AuditAnchorRow): string {
  return `The chain starts after entry ${anchor.throughId}, but entry ${anchor.entryId} does not record that retention removal: the anchor was forged or its record removed.`;
}

function broken(
  checked: number,
  firstBrokenId: number,
  reason: 'hash_mismatch' | 'link_mismatch' | 'head_mismatch' | 'anchor_mismatch',
  message: string,
): AuditVerifyResult {
  return { ok: false, checked, firstBrokenId, reason, message };
}
