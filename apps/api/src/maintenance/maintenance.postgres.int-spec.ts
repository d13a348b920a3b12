import type { DatabaseCheckResult, DatabaseOptimizeResult } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api } from '../../test/factories.js';
import type { TestServer } from '../../test/harness.js';
import { startPostgresTestServer } from '../../test/postgres.js';
import { item, PERMISSIVE_THRESHOLDS, runRoutine, setSetting } from '../../test/routines.js';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startPostgresTestServer();
  admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
});
afterAll(() => t?.close());

describe('maintenance on PostgreSQL', () => {
  it('checks the database and runs VACUUM (ANALYZE), reporting the size before and after', async () => {
    const check = await api(t, admin, 'GET', '/api/admin/database/check');
    expect(check.status, check.text).toBe(200);
    expect(check.json<DatabaseCheckResult>()).toMatchObject({
      ok: true,
      databaseKind: 'postgres',
      problems: [],
      freeBytes: null,
      counts: { users: 1, rooms: expect.any(Number), messages: 0 },
    });

    const optimized = await api(t, admin, 'POST', '/api/admin/database/optimize');
    expect(optimized.status, optimized.text).toBe(200);
    const result = optimized.json<DatabaseOptimizeResult>();
    expect(result).toMatchObject({ ok: true, databaseKind: 'postgres', vacuumed: true });
    expect(result.steps.map((s) => s.statement)).toEqual(['VACUUM (ANALYZE)']);
    expect(result.sizeBeforeBytes).toBeGreaterThan(0);
    expect(result.sizeAfterBytes).toBeGreaterThan(0);
  });

  it('runs the weekly routine: optimisation, integrity, dependencies and usage statistics', async () => {
    const run = await runRoutine(t, admin, 'weekly');
    expect(item(run, 'database.optimize')).toMatchObject({
      status: 'ok',
      figures: { databaseKind: 'postgres' },
    });
    expect(item(run, 'database.integrity')).toMatchObject({ status: 'ok', figures: { problems: 0 } });
    expect(item(run, 'usage.statistics')).toMatchObject({
      status: 'ok',
      figures: { users: 1, activeUsers: 1 },
    });
    expect(item(run, 'dependencies.advisories').figures.packagesScanned).toBeGreaterThan(100);
    expect((await api(t, admin, 'GET', `/api/admin/routines/runs/${run.id}`)).json()).toEqual(run);
  });
});
