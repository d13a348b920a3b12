import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import type { DatabaseCounts } from './sqlite-backup.js';

const run = promisify(execFile);
const TOOL_TIMEOUT_MS = 30 * 60_000;

/** The URL without its password, which goes to the tools through PGPASSWORD instead of their command line. */
function connection(url: string, database?: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(database === undefined ? url : onDatabase(url, database));
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function tool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(command, args, {
      env,
      timeout: TOOL_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${command} failed: ${stderr || (error as Error).message}`.split('\n')[0], {
      cause: error,
    });
  }
}

export async function dumpPostgres(databaseUrl: string, path: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  await tool('pg_dump', ['--format=custom', `--file=${path}`, `--dbname=${url}`], env);
}

/** `pg_restore --list` (the archive is readable), then a trial restore into a throw-away database. */
export async function verifyPostgresDump(databaseUrl: string, path: string): Promise<DatabaseCounts> {
  const { env } = connection(databaseUrl);
  await tool('pg_restore', ['--list', path], env);
  const trial = `atrio_verify_${randomBytes(6).toString('hex')}`;
  await query(databaseUrl, `CREATE DATABASE ${trial}`);
  try {
    const target = connection(databaseUrl, trial);
    await tool('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, path], env);
    return await counts(onDatabase(databaseUrl, trial));
  } finally {
    await query(databaseUrl, `DROP DATABASE IF EXISTS ${trial} WITH (FORCE)`);
  }
}

/** Replaces the configured database's contents with the dump, all or nothing. */
export async function restorePostgres(databaseUrl: string, path: string): Promise<DatabaseCounts> {
  const { url, env } = connection(databaseUrl);
  await tool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--single-transaction',
      '--no-owner',
      '--exit-on-error',
      `--dbname=${url}`,
      path,
    ],
    env,
  );
  return counts(databaseUrl);
}

async function counts(url: string): Promise<DatabaseCounts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const count = async (table: string) =>
      Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n);
    return { users: await count('users'), messages: await count('messages') };
  } finally {
    await client.end();
  }
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
