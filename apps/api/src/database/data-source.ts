import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AtrioConfig } from '../config/atrio-config.js';
import { StartupError } from '../config/startup-error.js';
import { MIGRATIONS } from './migrations/index.js';
import { serializeSqliteAccess } from './sqlite-serialization.js';

export const SQLITE_FILE = 'atrio.db';

/** The entity classes of the features, given by whoever composes the application (app-entities.ts). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

export function dataSourceOptions(
  config: Pick<AtrioConfig, 'dataDir' | 'databaseUrl'>,
  entities: EntityList,
): DataSourceOptions {
  const common = { entities, migrations: MIGRATIONS, migrationsTransactionMode: 'each' as const };
  if (config.databaseUrl !== '') {
    return { type: 'postgres', url: config.databaseUrl, ...common, extra: { max: 20 } };
  }
  return {
    type: 'better-sqlite3',
    database: join(config.dataDir, SQLITE_FILE),
    enableWAL: true,
    timeout: 5000, // busy timeout: wait for a concurrent writer instead of failing at once
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      // FULL makes a commit survive power loss in WAL mode; NORMAL only survives a process crash.
      db.pragma('synchronous = FULL');
    },
    ...common,
  };
}

/** Opens the database and applies pending migrations; any failure becomes one clear StartupError. */
export async function openDatabase(
  config: Pick<AtrioConfig, 'dataDir' | 'databaseUrl'>,
  entities: EntityList,
): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(config, entities));
  const setting = config.databaseUrl === '' ? 'ATRIO_DATA_DIR' : 'ATRIO_DATABASE_URL';
  const where = config.databaseUrl === '' ? join(config.dataDir, SQLITE_FILE) : redactUrl(config.databaseUrl);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(setting, `cannot open the database ${where}: ${describe(error)}`);
  }
  if (config.databaseUrl === '') serializeSqliteAccess(dataSource);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw new StartupError(setting, `cannot prepare the database ${where}: ${describe(error)}`);
  }
  return dataSource;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
