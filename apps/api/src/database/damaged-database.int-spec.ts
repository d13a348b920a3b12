import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/harness.js';
import { StartupError } from '../config/startup-error.js';
import { SQLITE_FILE } from './data-source.js';
import { assertSqliteSound, newestGoodBackupId, sqliteDamage } from './damaged-database.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

/** A small database with a table spread over several pages; returns that table's root page. */
function makeDatabase(dataDir: string): { rootPage: number; pageSize: number } {
  const db = new Database(join(dataDir, SQLITE_FILE));
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
  for (let i = 0; i < 200; i++) insert.run(`note ${i} ${'x'.repeat(200)}`);
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'notes'").get() as {
    rootpage: number;
  };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  return { rootPage: rootpage, pageSize };
}

function overwrite(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  closeSync(fd);
}

function manifest(dataDir: string, id: string, createdAt: string, status: string): void {
  mkdirSync(join(dataDir, 'backups'), { recursive: true });
  writeFileSync(join(dataDir, 'backups', `${id}.json`), JSON.stringify({ id, createdAt, status }));
}

describe('a database damaged while the server was stopped', () => {
  it('is sound when nothing is wrong, or when there is no file yet', () => {
    dir = tempDir('atrio-damage-');
    expect(sqliteDamage(dir.path)).toBeNull();
    makeDatabase(dir.path);
    expect(sqliteDamage(dir.path)).toBeNull();
    expect(() => assertSqliteSound(dir.path)).not.toThrow();
  });

  it('names a damaged table page, although the file still opens', () => {
    dir = tempDir('atrio-damage-');
    const { rootPage, pageSize } = makeDatabase(dir.path);
    overwrite(join(dir.path, SQLITE_FILE), (rootPage - 1) * pageSize, 64);
    expect(sqliteDamage(dir.path)).toMatch(/page/i);
    expect(sqliteDamage(dir.path)).not.toContain('\n');
  });

  it('refuses the start in one line naming the damage and the newest completed backup to restore', () => {
    dir = tempDir('atrio-damage-');
    makeDatabase(dir.path);
    overwrite(join(dir.path, SQLITE_FILE), 0, 100);
    manifest(dir.path, '20261201-023000-aaaa', '2026-12-01T02:30:00.000Z', 'verified');
    manifest(dir.path, '20261202-023000-bbbb', '2026-12-02T02:30:00.000Z', 'ok');
    manifest(dir.path, '20261203-023000-cccc', '2026-12-03T02:30:00.000Z', 'failed');
    expect(newestGoodBackupId(dir.path)).toBe('20261202-023000-bbbb');
    let error: unknown;
    try {
      assertSqliteSound(dir.path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as StartupError).message;
    expect(message).toMatch(/^ATRIO_DATA_DIR: the database .* is damaged \(file is not a database\)/);
    expect(message).toContain('atrio backup restore 20261202-023000-bbbb');
    expect(message).not.toContain('\n');
  });
});
