import type { DatabaseCheckResult, DatabaseOptimizeResult } from '@atrio/protocol';
import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api } from '../../test/factories.js';
import { startTestServer, tempDir, type TestServer } from '../../test/harness.js';
import { DatabaseMaintenanceService } from './database-maintenance.service.js';
import { sqliteProblems } from './database-queries.js';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

async function optimize(): Promise<DatabaseOptimizeResult> {
  const response = await api(t, admin, 'POST', '/api/admin/database/optimize');
  expect(response.status, response.text).toBe(200);
  return response.json<DatabaseOptimizeResult>();
}

describe('database maintenance on SQLite', () => {
  it('checks integrity, foreign keys and the schema version', async () => {
    const response = await api(t, admin, 'GET', '/api/admin/database/check');
    expect(response.status, response.text).toBe(200);
    const result = response.json<DatabaseCheckResult>();
    expect(result).toMatchObject({ ok: true, databaseKind: 'sqlite', problems: [], counts: { users: 1 } });
    expect(result.schemaVersion).toMatch(/^\w+\d{13}$/);
    expect(result.sizeBytes).toBeGreaterThan(0);
  });

  it('refreshes statistics, and compacts with VACUUM only when enough space is free', async () => {
    const quiet = await optimize();
    expect(quiet).toMatchObject({ ok: true, vacuumed: false });
    expect(quiet.steps.map((s) => s.statement)).toEqual([
      'PRAGMA optimize',
      'ANALYZE',
      'PRAGMA wal_checkpoint(TRUNCATE)',
    ]);

    const db = t.server.app.get(DataSource);
    await db.query('CREATE TABLE maintenance_filler (id INTEGER PRIMARY KEY, payload BLOB)');
    for (let i = 0; i < 8; i++)
      await db.query('INSERT INTO maintenance_filler (payload) VALUES (zeroblob(500000))');
    await db.query('DROP TABLE maintenance_filler');
    const before = (await api(t, admin, 'GET', '/api/admin/database/check')).json<DatabaseCheckResult>();
    expect(before.freeBytes).toBeGreaterThan(3_000_000);

    const compacted = await optimize();
    expect(compacted).toMatchObject({ ok: true, vacuumed: true, message: expect.stringMatching(/VACUUM/) });
    expect(compacted.steps.map((s) => s.statement)).toContain('VACUUM');
    expect(compacted.sizeAfterBytes).toBeLessThan(compacted.sizeBeforeBytes - 3_000_000);
    const after = (await api(t, admin, 'GET', '/api/admin/database/check')).json<DatabaseCheckResult>();
    expect(after).toMatchObject({ ok: true, freeBytes: 0 });

    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'database.optimized' }))}`,
    );
    expect(audit.json<unknown[]>()).toHaveLength(2);
  });

  it('reports progress to the CLI step by step', async () => {
    const seen: string[] = [];
    await t.server.app.get(DatabaseMaintenanceService).optimize(null, (done, total, label) => {
      seen.push(`${done}/${total} ${label}`);
    });
    expect(seen).toEqual([
      '0/3 PRAGMA optimize',
      '1/3 ANALYZE',
      '2/3 PRAGMA wal_checkpoint(TRUNCATE)',
      '3/3 done',
    ]);
  });

  it('finds a damaged database file', async () => {
    const dir = tempDir('atrio-damaged-');
    const db = new Database(join(dir.path, 'damaged.db'));
    const query = (sql: string) => Promise.resolve(db.prepare(sql).all());
    try {
      db.exec(
        'CREATE TABLE filler (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX idx_filler_v ON filler (v)',
      );
      const insert = db.prepare('INSERT INTO filler (v) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run(`value-${i}`);
      })();
      expect(await sqliteProblems({ query })).toEqual([]);
      const { rootpage } = db
        .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'idx_filler_v'")
        .get() as {
        rootpage: number;
      };
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.close();

      const file = openSync(join(dir.path, 'damaged.db'), 'r+');
      const garbage = Buffer.alloc(200, 0x41);
      writeSync(file, garbage, 0, garbage.length, (rootpage - 1) * pageSize + pageSize - 300);
      closeSync(file);

      const damaged = new Database(join(dir.path, 'damaged.db'));
      const problems = await sqliteProblems({
        query: (sql: string) => Promise.resolve(damaged.prepare(sql).all()),
      });
      damaged.close();
      expect(problems).toEqual([expect.stringMatching(/^integrity: .*malformed/)]);
    } finally {
      if (db.open) db.close();
      dir.remove();
    }
  });
});
