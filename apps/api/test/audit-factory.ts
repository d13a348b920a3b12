import type { DataSource } from 'typeorm';
import { entryHash } from '../src/audit/audit-chain.js';
import { AuditChainHead } from '../src/audit/audit-chain-head.entity.js';
import { AuditEntryRow } from '../src/audit/audit-entry.entity.js';
import { chainFieldsOf } from '../src/audit/audit-entry.mapper.js';
import type { Actor } from '../src/common/actor.js';

let nextUserId = 1000;

/** An authenticated caller, as the auth guard would resolve it. */
export function testActor(overrides: Partial<Actor> = {}): Actor {
  const userId = nextUserId++;
  return {
    userId,
    username: `user${userId}`,
    displayName: `User ${userId}`,
    roles: ['admin'],
    permissions: new Set(['audit.read']),
    sessionId: `session-${userId}`,
    ip: '10.0.0.1',
    ...overrides,
  };
}

/**
 * Appends `count` valid entries in bulk (far faster than one transaction each), for tests that
 * need a chain longer than a page or a verify batch.
 */
export async function seedAuditChain(dataSource: DataSource, count: number): Promise<void> {
  const heads = dataSource.getRepository(AuditChainHead);
  const head = await heads.findOneByOrFail({ id: 1 });
  let prevHash = head.hash;
  let rows: AuditEntryRow[] = [];
  for (let id = head.lastId + 1; id <= head.lastId + count; id++) {
    const row: AuditEntryRow = {
      id,
      at: new Date(1_764_400_000_000 + id * 1000),
      actorId: null,
      actorName: `seed${id % 7}`,
      action: 'seed.created',
      target: `seed:${id}`,
      outcome: 'success',
      ip: null,
      details: JSON.stringify({ n: id }),
      prevHash,
      hash: '',
    };
    row.hash = entryHash(chainFieldsOf(row));
    prevHash = row.hash;
    rows.push(row);
    if (rows.length === 200) {
      await dataSource.getRepository(AuditEntryRow).insert(rows);
      rows = [];
    }
  }
  if (rows.length > 0) await dataSource.getRepository(AuditEntryRow).insert(rows);
  await heads.update({ id: 1 }, { lastId: head.lastId + count, hash: prevHash });
}
