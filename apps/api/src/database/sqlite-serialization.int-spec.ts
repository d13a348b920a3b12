import { executionAsyncId } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/harness.js';
import { User } from '../users/user.entity.js';
import { openDatabase } from './data-source.js';
import { liveSqlite } from './sqlite-statements.js';
import { withExclusiveStatements, withSqliteRead } from './sqlite-serialization.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sqlite(): Promise<DataSource> {
  const dir = tempDir('atrio-serial-');
  cleanups.push(dir.remove);
  const dataSource = await openDatabase({ dataDir: dir.path, databaseUrl: '' }, [User]);
  cleanups.push(() => dataSource.destroy());
  return dataSource;
}

const user = (username: string) => ({
  username,
  displayName: username,
  passwordHash: 'x',
  status: 'active' as const,
  createdAt: new Date(),
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SQLite access through one shared connection', () => {
  it('tracks async context only while a TypeORM section holds the connection', async () => {
    const dataSource = await sqlite();
    // Promise continuations carry an async id only while some AsyncLocalStorage is enabled.
    const contextTracked = () => Promise.resolve().then(() => executionAsyncId() !== 0);
    expect(await contextTracked()).toBe(false);
    const duringStatements = await withExclusiveStatements(dataSource, contextTracked);
    let duringTransaction = false;
    await dataSource.transaction(async (manager) => {
      await manager.getRepository(User).insert(user('tracked'));
      duringTransaction = await contextTracked();
    });
    expect(duringStatements).toBe(false);
    expect(duringTransaction).toBe(true);
    expect(await contextTracked()).toBe(false);
    expect(await dataSource.getRepository(User).countBy({ username: 'tracked' })).toBe(1);
  });

  it('a rolled-back transaction does not take other requests’ writes with it', async () => {
    const dataSource = await sqlite();
    const failing = dataSource.transaction(async (manager) => {
      await manager.getRepository(User).insert(user('doomed'));
      await tick(); // other requests get the event loop here
      await tick();
      throw new Error('rollback');
    });
    const meanwhile = (async () => {
      await tick();
      await dataSource.getRepository(User).insert(user('bystander'));
      await dataSource.getRepository(User).save(user('saved-bystander'));
    })();
    await expect(failing).rejects.toThrow('rollback');
    await meanwhile;
    const names = (await dataSource.getRepository(User).find()).map((u) => u.username).sort();
    expect(names).toEqual(['bystander', 'saved-bystander']);
  });

  it('concurrent transactions each commit whole, none nested in another', async () => {
    const dataSource = await sqlite();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        dataSource
          .transaction(async (manager) => {
            await manager.getRepository(User).insert(user(`a${i}`));
            await tick();
            if (i % 4 === 0) throw new Error('undo');
            await manager.getRepository(User).insert(user(`b${i}`));
          })
          .catch(() => undefined),
      ),
    );
    const names = new Set((await dataSource.getRepository(User).find()).map((u) => u.username));
    for (let i = 0; i < 20; i++) {
      expect(names.has(`a${i}`), `a${i}`).toBe(i % 4 !== 0);
      expect(names.has(`b${i}`), `b${i}`).toBe(i % 4 !== 0);
    }
  });

  it('a raw read never sees the inside of a transaction left open across an await', async () => {
    const dataSource = await sqlite();
    const db = liveSqlite(dataSource);
    const count = () =>
      (db.prepare("SELECT COUNT(*) AS n FROM users WHERE username = 'pending'").get() as { n: number }).n;
    let insertedButOpen = false;
    const failing = dataSource.transaction(async (manager) => {
      await manager.getRepository(User).insert(user('pending'));
      insertedButOpen = true;
      await tick();
      throw new Error('rollback');
    });
    while (!insertedButOpen) await tick();
    const seen = await withSqliteRead(dataSource, count); // waits for the rollback
    await expect(failing).rejects.toThrow('rollback');
    expect(seen).toBe(0);
  });

  it('a raw read does not wait for the commit thread’s batch (statements-only section)', async () => {
    const dataSource = await sqlite();
    const db = liveSqlite(dataSource);
    let finishBatch!: () => void;
    const batch = withExclusiveStatements(
      dataSource,
      () => new Promise<void>((done) => (finishBatch = done)),
    );
    await tick();
    const users = await withSqliteRead(
      dataSource,
      () => (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n,
    );
    expect(users).toBe(0);
    let transactionRan = false; // a TypeORM section, by contrast, waits for the batch
    const write = dataSource.transaction(async (manager) => {
      transactionRan = true;
      await manager.getRepository(User).insert(user('after-batch'));
    });
    await tick();
    expect(transactionRan).toBe(false);
    finishBatch();
    await batch;
    await write;
    expect(transactionRan).toBe(true);
  });
});
