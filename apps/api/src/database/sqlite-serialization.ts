import { Mutex } from 'async-mutex';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;
type Read = <T>(read: () => T) => Promise<T>;
const holders = new WeakMap<DataSource, { exclusive: Exclusive; statementsOnly: Exclusive; read: Read }>();

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
  // While an AsyncLocalStorage is enabled, Node tracks the context of every promise and socket
  // write in the process (measured: ~5 % of a busy chat server's main thread), so it is enabled
  // only while a TypeORM section holds the connection: the message hot path never turns it on.
  let sectionOpen = false; // a TypeORM section (or raw work on the shared connection) holds it
  const exclusive: Exclusive = (work) =>
    owner.getStore()
      ? work()
      : mutex.runExclusive(async () => {
          sectionOpen = true;
          try {
            return await owner.run(true, work);
          } finally {
            sectionOpen = false;
            owner.disable(); // sections never overlap: nobody else's context is lost
          }
        });
  const statementsOnly: Exclusive = (work) => (owner.getStore() ? work() : mutex.runExclusive(work));
  // A synchronous read cannot interleave with anything; it only must not see the inside of a
  // transaction another request left open across an await. The commit thread's batches do not
  // use this connection, so reads go ahead while one is in flight.
  const read: Read = (work) =>
    !sectionOpen || owner.getStore()
      ? Promise.resolve(work())
      : mutex.runExclusive(() => Promise.resolve(work()));
  holders.set(dataSource, { exclusive, statementsOnly, read });

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
  const holder = holders.get(dataSource);
  return holder ? holder.exclusive(work) : work();
}

/**
 * The same exclusion for work that never goes through TypeORM (better-sqlite3 statements, the
 * commit thread): it does not need its context tracked, so it costs the rest of the process nothing.
 */
export function withExclusiveStatements<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const holder = holders.get(dataSource);
  return holder ? holder.statementsOnly(work) : work();
}

/**
 * A synchronous read on the shared connection (better-sqlite3 statements): runs at once unless a
 * TypeORM section has a transaction open, in which case it waits for it to end.
 */
export function withSqliteRead<T>(dataSource: DataSource, read: () => T): Promise<T> {
  const holder = holders.get(dataSource);
  return holder ? holder.read(read) : Promise.resolve(read());
}

function wrap<K extends 'transaction' | 'save' | 'remove' | 'softRemove' | 'recover'>(
  manager: EntityManager,
  method: K,
  exclusive: Exclusive,
): void {
  const original = (manager[method] as (...args: unknown[]) => Promise<unknown>).bind(manager);
  (manager as unknown as Record<K, unknown>)[method] = (...args: unknown[]) =>
    exclusive(() => original(...args));
}
