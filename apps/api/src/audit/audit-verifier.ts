import type { AuditVerifyResult } from '@atrio/protocol';
import type { DataSource } from 'typeorm';
import { entryHash, GENESIS_HASH } from './audit-chain.js';
import { AuditChainHead } from './audit-chain-head.entity.js';
import { AuditEntryRow } from './audit-entry.entity.js';
import { chainFieldsOf } from './audit-entry.mapper.js';

const BATCH = 1000;

/**
 * Walks the chain in id order, a batch at a time, up to the head as it was when the walk started,
 * so entries appended during the walk are neither checked nor mistaken for a break.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<AuditVerifyResult> {
  const head = await dataSource.getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
  const entries = dataSource.getRepository(AuditEntryRow);
  let checked = 0;
  let lastId = 0;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const batch = await entries
      .createQueryBuilder('e')
      .where('e.id > :lastId AND e.id <= :headId', { lastId, headId: head.lastId })
      .orderBy('e.id', 'ASC')
      .limit(BATCH)
      .getMany();
    for (const row of batch) {
      if (entryHash(chainFieldsOf(row)) !== row.hash) {
        return broken(checked, row.id, 'hash_mismatch', `Entry ${row.id} was altered after it was written.`);
      }
      if (row.prevHash !== prevHash) {
        return broken(
          checked,
          row.id,
          'link_mismatch',
          `Entry ${row.id} does not follow entry ${lastId || '(start)'}: entries before it were removed or reordered.`,
        );
      }
      checked++;
      lastId = row.id;
      prevHash = row.hash;
    }
    if (batch.length < BATCH) break;
  }
  if (lastId !== head.lastId) {
    return broken(
      checked,
      lastId + 1,
      'head_mismatch',
      `The newest entries (${lastId + 1} to ${head.lastId}) were removed.`,
    );
  }
  if (prevHash !== head.hash) {
    return broken(
      checked,
      lastId,
      'head_mismatch',
      `Entry ${lastId} is not the entry the chain head records.`,
    );
  }
  return { ok: true, checked, headHash: prevHash };
}

function broken(
  checked: number,
  firstBrokenId: number,
  reason: 'hash_mismatch' | 'link_mismatch' | 'head_mismatch',
  message: string,
): AuditVerifyResult {
  return { ok: false, checked, firstBrokenId, reason, message };
}
