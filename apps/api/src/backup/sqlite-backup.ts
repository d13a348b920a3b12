import Database, { type Database as Db } from 'better-sqlite3';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { withExclusiveConnection } from '../database/sqlite-serialization.js';
import { liveSqlite } from '../database/sqlite-statements.js';
import { SEARCH_RESTORE_SQL } from '../search/sqlite-search-backlog.js';

export interface DatabaseCounts {
  users: number;
  messages: number;
}

export interface SqliteInspection extends DatabaseCounts {
  schemaVersion: string | null;
}

/**
 * SQLite's online backup of the live database into `rawPath`, then gzip into `gzPath`. The
 * connection is held meanwhile so the copy never catches a transaction half done.
 */
export async function backupSqlite(
  dataSource: DataSource,
  rawPath: string,
  gzPath: string,
): Promise<{ sizeBytes: number }> {
  try {
    await withExclusiveConnection(dataSource, () => liveSqlite(dataSource).backup(rawPath));
    const { size } = await stat(rawPath);
    await pipeline(createReadStream(rawPath), createGzip(), createWriteStream(gzPath, { mode: 0o600 }));
    return { sizeBytes: size };
  } finally {
    await rm(rawPath, { force: true });
  }
}

export async function gunzipTo(gzPath: string, rawPath: string): Promise<void> {
  await pipeline(createReadStream(gzPath), createGunzip(), createWriteStream(rawPath, { mode: 0o600 }));
}

/** Opens a decompressed backup read-only and checks it; throws with the reason when it is not sound. */
export function inspectSqliteFile(path: string): SqliteInspection {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const problems = integrity.map((row) => row.integrity_check).filter((text) => text !== 'ok');
    if (problems.length > 0) throw new Error(`integrity check failed: ${problems.slice(0, 3).join('; ')}`);
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const last = db.prepare('SELECT name FROM migrations ORDER BY id DESC LIMIT 1').get() as
      { name: string } | undefined;
    return { users: count('users'), messages: count('messages'), schemaVersion: last?.name ?? null };
  } finally {
    db.close();
  }
}

/**
 * Replaces every row of the live database with the rows of the (verified, same-schema) file at
 * `restoredPath`, in one transaction on the live connection: other requests wait, and a failure
 * leaves the database exactly as it was. Copying rows rather than the file keeps the connection
 * TypeORM holds valid.
 */
export function restoreSqliteInto(dataSource: DataSource, restoredPath: string): Promise<DatabaseCounts> {
  return withExclusiveConnection(dataSource, () => {
    const db = liveSqlite(dataSource);
    // Rows are copied table by table, so references are checked once, at the end.
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS restored').run(restoredPath);
    try {
      const counts = db
        .transaction(() => {
          copyAllTables(db);
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`${broken.length} rows would reference missing rows`);
          const integrity = db.pragma('main.integrity_check') as Array<{ integrity_check: string }>;
          if (integrity[0]?.integrity_check !== 'ok')
            throw new Error('the integrity check failed after copying');
          const count = (table: string) =>
            (db.prepare(`SELECT COUNT(*) AS n FROM main.${table}`).get() as { n: number }).n;
          return { users: count('users'), messages: count('messages') };
        })
        .immediate();
      return Promise.resolve(counts);
    } finally {
      db.prepare('DETACH DATABASE restored').run();
      db.pragma('foreign_keys = ON');
    }
  });
}

function copyAllTables(db: Db): void {
  const tables = db
    .prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as Array<{ name: string; sql: string }>;
  // Full-text indexes (and their shadow tables) are rebuilt from the copied rows instead.
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const plain = tables.filter(
    (t) =>
      t.name !== SEARCH_RESTORE_SQL.table && !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)),
  );
  // The index is rebuilt below: meanwhile no trigger may tell FTS5 to unindex rows it may not hold.
  db.exec(SEARCH_RESTORE_SQL.suspendTriggers);
  for (const { name } of plain) {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const columns = (db.pragma(`main.table_info(${quoted})`) as Array<{ name: string }>)
      .map((c) => `"${c.name.replace(/"/g, '""')}"`)
      .join(', ');
    db.exec(`DELETE FROM main.${quoted}`);
    db.exec(`INSERT INTO main.${quoted} (${columns}) SELECT ${columns} FROM restored.${quoted}`);
  }
  // Ids keep growing past anything either database handed out, so clients' cursors stay valid.
  const sequences = db.prepare('SELECT name, seq FROM restored.sqlite_sequence').all() as Array<{
    name: string;
    seq: number;
  }>;
  for (const { name, seq } of sequences) {
    const updated = db
      .prepare('UPDATE main.sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?')
      .run(seq, name);
    if (updated.changes === 0)
      db.prepare('INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)').run(name, seq);
  }
  for (const name of virtual) {
    if (name !== 'messages_fts') continue;
    db.exec(`INSERT INTO main.messages_fts(messages_fts) VALUES ('rebuild')`);
    // Everything is indexed now.
    db.exec(SEARCH_RESTORE_SQL.rebuilt);
  }
}
