import type { DataSource } from 'typeorm';

/** Worth a VACUUM (which rewrites the whole file) once this share of the pages is free… */
const VACUUM_FREE_RATIO = 0.2;
/** …and it gives back at least this much. */
const VACUUM_MIN_FREE_BYTES = 1024 * 1024;

type Row = Record<string, unknown>;

async function scalar(dataSource: DataSource, sql: string): Promise<number> {
  const [row] = (await dataSource.query(sql)) as Row[];
  return Number(Object.values(row ?? {})[0] ?? 0);
}

export interface SqliteSpace {
  sizeBytes: number;
  freeBytes: number;
  worthVacuum: boolean;
}

export async function sqliteSpace(dataSource: DataSource): Promise<SqliteSpace> {
  const pageSize = await scalar(dataSource, 'PRAGMA page_size');
  const pages = await scalar(dataSource, 'PRAGMA page_count');
  const free = await scalar(dataSource, 'PRAGMA freelist_count');
  const freeBytes = free * pageSize;
  return {
    sizeBytes: pages * pageSize,
    freeBytes,
    worthVacuum: pages > 0 && free / pages >= VACUUM_FREE_RATIO && freeBytes >= VACUUM_MIN_FREE_BYTES,
  };
}

/** `PRAGMA integrity_check` (first 20 problems) and `PRAGMA foreign_key_check`. */
export async function sqliteProblems(dataSource: {
  query(sql: string): Promise<unknown>;
}): Promise<string[]> {
  let integrity: string[];
  try {
    integrity = ((await dataSource.query('PRAGMA integrity_check(20)')) as Row[])
      .map((row) => String(Object.values(row)[0]))
      .filter((line) => line !== 'ok');
  } catch (error) {
    // Damage bad enough stops the check itself ("database disk image is malformed").
    return [`integrity: ${error instanceof Error ? error.message : String(error)}`];
  }
  const foreignKeys = (await dataSource.query('PRAGMA foreign_key_check')) as Array<{
    table: string;
    rowid: number | null;
    parent: string;
  }>;
  return [
    ...integrity.map((line) => `integrity: ${line}`),
    ...foreignKeys
      .slice(0, 20)
      .map((fk) => `foreign key: row ${fk.rowid ?? '?'} of ${fk.table} points to a missing ${fk.parent}`),
  ];
}

export function postgresSize(dataSource: DataSource): Promise<number> {
  return scalar(dataSource, 'SELECT pg_database_size(current_database())');
}

/** PostgreSQL keeps itself consistent; what can go wrong is an index left invalid by a failed build. */
export async function postgresProblems(dataSource: DataSource): Promise<string[]> {
  const invalid = (await dataSource.query(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)`,
  )) as Array<{ name: string }>;
  return invalid.map((index) => `index ${index.name} is invalid: REINDEX it`);
}

export async function schemaVersion(dataSource: DataSource): Promise<string> {
  const rows = (await dataSource.query(
    'SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1',
  )) as Array<{
    name: string;
  }>;
  return rows[0]?.name ?? 'none';
}

export async function tableCounts(
  dataSource: DataSource,
): Promise<{ users: number; rooms: number; messages: number }> {
  const [row] = (await dataSource.query(
    'SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM rooms) AS rooms, (SELECT COUNT(*) FROM messages) AS messages',
  )) as Array<Record<'users' | 'rooms' | 'messages', number | string>>;
  return { users: Number(row!.users), rooms: Number(row!.rooms), messages: Number(row!.messages) };
}
