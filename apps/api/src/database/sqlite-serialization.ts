import { Mutex } from 'async-mutex';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

const holders = new WeakMap<DataSource, <T>(work: () => Promise<T>) => Promise<T>>();

/**
 * TypeORM drives SQLite through one shared connection. Left alone, a transaction that awaits
 * something lets other requests' statements run inside it — and a rollback would then undo their
 * writes too. This makes each transaction (explicit, or the implicit one of save/remove) exclusive:
 * other statements wait until it commits or rolls back. The connection is serial anyway, so
 * nothing is lost in throughput.
 */
export function serializeSqliteAccess(dataSource: DataSource): void {
  const owner = new AsyncLocalStorage<true>();
  const mutex = new Mutex();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> =>
    owner.getStore() ? work() : mutex.runExclusive(() => owner.run(true, work));
  holders.set(dataSource, exclusive);

  const manager = dataSource.manager;
  wrap(manager, 'transaction', exclusive);
  for (const method of ['save', 'remove', 'softRemove', 'recover'] as const) wrap(manager, method, exclusive);
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner);
  runner.query = ((...args: Parameters<typeof query>) => exclusive(() => query(...args))) as typeof query;
}

/**
 * Runs `work` with the SQLite connection to itself (used for better-sqlite3's own synchronous
 * transactions); on PostgreSQL, where each transaction has its own connection, it just runs it.
 */
export function withExclusiveConnection<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const exclusive = holders.get(dataSource);
  return exclusive ? exclusive(work) : work();
}

function wrap<K extends 'transaction' | 'save' | 'remove' | 'softRemove' | 'recover'>(
  manager: EntityManager,
  method: K,
  exclusive: <T>(work: () => Promise<T>) => Promise<T>,
): void {
  const original = (manager[method] as (...args: unknown[]) => Promise<unknown>).bind(manager);
  (manager as unknown as Record<K, unknown>)[method] = (...args: unknown[]) =>
    exclusive(() => original(...args));
}
