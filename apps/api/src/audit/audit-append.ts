import type { Database } from 'better-sqlite3';
import type { DataSource, EntityManager } from 'typeorm';
import { withExclusiveConnection } from '../database/sqlite-serialization.js';
import { liveSqlite } from '../database/sqlite-statements.js';
import { entryHash } from './audit-chain.js';
import { AuditChainHead } from './audit-chain-head.entity.js';
import { AuditEntryRow } from './audit-entry.entity.js';
import { chainFieldsOf } from './audit-entry.mapper.js';

/** An entry ready to be linked: everything but its place in the chain. */
export type PreparedEntry = Omit<AuditEntryRow, 'id' | 'at' | 'prevHash' | 'hash'>;

interface Head {
  lastId: number;
  hash: string;
}

const HEAD_ID = 1;

/**
 * Links `entry` after the current head and moves the head, in one transaction that holds the
 * head locked from the read to the commit, so no other writer (another instance, the CLI) can
 * link to the same predecessor.
 */
export function appendToChain(dataSource: DataSource, entry: PreparedEntry): Promise<AuditEntryRow> {
  return dataSource.driver.options.type === 'postgres'
    ? dataSource.transaction((manager) => appendWithin(manager, entry))
    : withExclusiveConnection(dataSource, () =>
        Promise.resolve(appendOnSqlite(liveSqlite(dataSource), entry)),
      );
}

function link(entry: PreparedEntry, head: Head): AuditEntryRow {
  const row: AuditEntryRow = { ...entry, id: head.lastId + 1, at: new Date(), prevHash: head.hash, hash: '' };
  row.hash = entryHash(chainFieldsOf(row));
  return row;
}

/** PostgreSQL: appends inside the caller's transaction, which then holds the head locked to its commit. */
export async function appendWithin(manager: EntityManager, entry: PreparedEntry): Promise<AuditEntryRow> {
  const head = await manager
    .getRepository(AuditChainHead)
    .createQueryBuilder('head')
    .setLock('pessimistic_write')
    .where('head.id = :id', { id: HEAD_ID })
    .getOneOrFail();
  const row = link(entry, head);
  await manager.insert(AuditEntryRow, row);
  await manager.update(AuditChainHead, { id: HEAD_ID }, { lastId: row.id, hash: row.hash });
  return row;
}

/**
 * better-sqlite3's own transaction runs start to commit synchronously: nothing can interleave,
 * BEGIN IMMEDIATE takes the write lock before the head is read (waiting out the busy timeout if
 * another process holds it). The caller holds the shared connection (withExclusiveConnection), so
 * it only nests, as a savepoint, in a transaction that is recording this very entry.
 */
export function appendOnSqlite(db: Database, entry: PreparedEntry): AuditEntryRow {
  return db
    .transaction(() => {
      const head = db
        .prepare('SELECT last_id AS lastId, hash FROM audit_chain_head WHERE id = ?')
        .get(HEAD_ID) as Head | undefined;
      if (!head) throw new Error('The audit chain head row is missing');
      const row = link(entry, head);
      db.prepare(
        `INSERT INTO audit_entries (id, at, actor_id, actor_name, action, target, outcome, ip, details, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        row.id,
        row.at.getTime(),
        row.actorId,
        row.actorName,
        row.action,
        row.target,
        row.outcome,
        row.ip,
        row.details,
        row.prevHash,
        row.hash,
      );
      db.prepare('UPDATE audit_chain_head SET last_id = ?, hash = ? WHERE id = ?').run(
        row.id,
        row.hash,
        HEAD_ID,
      );
      return row;
    })
    .immediate();
}

/** Appends inside the caller's transaction (on SQLite a savepoint of it), for writes the entry must commit with. */
export function appendInTransaction(manager: EntityManager, entry: PreparedEntry): Promise<AuditEntryRow> {
  return manager.connection.driver.options.type === 'postgres'
    ? appendWithin(manager, entry)
    : Promise.resolve(appendOnSqlite(liveSqlite(manager.connection), entry));
}
