import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/harness.js';
import { createPostgresDatabase } from '../../test/postgres.js';
import { openDatabase } from './data-source.js';
import { APP_ENTITIES } from '../app-entities.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sqlite(): Promise<DataSource> {
  const dir = tempDir('atrio-db-');
  cleanups.push(dir.remove);
  const dataSource = await openDatabase({ dataDir: dir.path, databaseUrl: '' }, APP_ENTITIES);
  cleanups.push(() => dataSource.destroy());
  return dataSource;
}

async function postgres(): Promise<DataSource> {
  const database = await createPostgresDatabase();
  cleanups.push(database.drop);
  const dataSource = await openDatabase({ dataDir: '/nonexistent', databaseUrl: database.url }, APP_ENTITIES);
  cleanups.push(() => dataSource.destroy());
  return dataSource;
}

/** What TypeORM would still change to make the database match the entities: must be nothing. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
])('migrations on %s', (_name, open) => {
  it('apply to an empty database and produce exactly the entities schema', async () => {
    const dataSource = await open();
    expect(await dataSource.showMigrations()).toBe(false);
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
  });

  it('can be applied again on an up-to-date database without change', async () => {
    const dataSource = await open();
    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('undo cleanly down to an empty schema', async () => {
    const dataSource = await open();
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    const runner = dataSource.createQueryRunner();
    const left = [];
    for (const entity of dataSource.entityMetadatas) {
      if (await runner.hasTable(entity.tableName)) left.push(entity.tableName);
    }
    await runner.release();
    expect(left).toEqual([]);
  });
});

describe('SQLite settings', () => {
  it('runs in WAL mode with foreign keys, full fsync on commit and a busy timeout', async () => {
    const dataSource = await sqlite();
    const pragma = async (name: string) => Object.values((await dataSource.query(`PRAGMA ${name}`))[0])[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('synchronous')).toBe(2); // FULL
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('creates the database file inside the data dir', async () => {
    const dataSource = await sqlite();
    expect(String(dataSource.options.database)).toMatch(new RegExp(`${join('atrio-db-.*', 'atrio.db')}$`));
  });
});
