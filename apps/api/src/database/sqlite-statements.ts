import type { Database, Statement } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import type { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver.js';

const caches = new WeakMap<Database, Map<string, Statement>>();

/** The raw better-sqlite3 connection behind `dataSource`, or null on PostgreSQL. */
export function sqliteConnection(dataSource: DataSource): Database | null {
  return dataSource.driver.options.type === 'better-sqlite3'
    ? (dataSource.driver as BetterSqlite3Driver).databaseConnection
    : null;
}

/** The raw connection where the caller already knows the database is SQLite. */
export function liveSqlite(dataSource: DataSource): Database {
  const db = sqliteConnection(dataSource);
  if (!db) throw new Error('This needs the SQLite database');
  return db;
}

/**
 * A statement prepared once per connection. TypeORM prepares every query again and writes some
 * numbers into the SQL text, which on the message hot path costs more than running the query.
 * Callers read through withSqliteRead, or hold the shared connection (withExclusiveConnection).
 */
export function prepared(db: Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
