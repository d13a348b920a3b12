import type { DataSource } from 'typeorm';
import type { AtrioConfig } from '../src/config/atrio-config.js';
import { openDatabase } from '../src/database/data-source.js';
import { uninstallKeyRing } from '../src/encryption/field-cipher.js';
import { prepareEncryption } from '../src/encryption/prepare-encryption.js';
import { tempDir } from './harness.js';
import { createPostgresDatabase } from './postgres.js';
import { APP_ENTITIES } from '../src/app-entities.js';

export const DATABASE_KINDS = ['SQLite', 'PostgreSQL'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export interface TestDatabase {
  dataSource: DataSource;
  /** Opens the same database again, as a second server instance would. */
  config: Pick<AtrioConfig, 'dataDir' | 'databaseUrl'>;
  close(): Promise<void>;
}

/** A fresh, migrated database of its own: a SQLite file in a temp dir or a new PostgreSQL database. */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'SQLite') {
    const dir = tempDir('atrio-db-');
    const config = { dataDir: dir.path, databaseUrl: '' };
    const keyRing = prepareEncryption(dir.path); // as at server start-up: encrypted columns need it
    const dataSource = await openDatabase(config, APP_ENTITIES);
    return {
      dataSource,
      config,
      close: async () => {
        await dataSource.destroy();
        uninstallKeyRing(keyRing);
        dir.remove();
      },
    };
  }
  const database = await createPostgresDatabase();
  const config = { dataDir: '/nonexistent', databaseUrl: database.url };
  const keys = tempDir('atrio-keys-');
  const keyRing = prepareEncryption(keys.path);
  const dataSource = await openDatabase(config, APP_ENTITIES);
  return {
    dataSource,
    config,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
      uninstallKeyRing(keyRing);
      keys.remove();
    },
  };
}
