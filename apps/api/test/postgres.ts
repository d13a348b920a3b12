import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestServer, type TestServer } from './harness.js';

/** The machine's PostgreSQL (CI starts it); ATRIO_TEST_POSTGRES_URL points elsewhere. */
const ADMIN_URL = process.env.ATRIO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates an empty database with a unique name, so tests run in parallel; drop() removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `atrio_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The real server on a fresh PostgreSQL database; close() stops it, then drops the database. */
export async function startPostgresTestServer(): Promise<TestServer> {
  const database = await createPostgresDatabase();
  try {
    const t = await startTestServer({ ATRIO_DATABASE_URL: database.url });
    return {
      ...t,
      close: async () => {
        await t.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
