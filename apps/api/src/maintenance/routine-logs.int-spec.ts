import { existsSync, readdirSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { item, PERMISSIVE_THRESHOLDS, runRoutine, setSetting } from '../../test/routines.js';

const DAY = 86_400_000;
let t: TestServer;
let admin: string;
let logs: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
  logs = join(t.config.dataDir, 'logs');
});
afterAll(() => t.close());

/** A rotated log file as pino-roll leaves them, last written `ageDays` ago. */
function rotated(name: string, ageDays: number, content: string): void {
  const path = join(logs, name);
  writeFileSync(path, content);
  const at = new Date(Date.now() - ageDays * DAY);
  utimesSync(path, at, at);
}

describe('the daily routine on the server’s own logs', () => {
  it('counts errors since the previous run and deletes old rotated files, never the active one', async () => {
    await runRoutine(t, admin, 'daily'); // "since the previous run" starts here
    const active = realpathSync(join(logs, 'current.log'));
    rotated('atrio.0.log', 45, '{"level":30}\n'.repeat(100));
    const error = (msg: string) => JSON.stringify({ level: 50, time: Date.now(), pid: 1, msg });
    rotated('atrio.errors.log', 0, `${error('disk on fire')}\n${error('database on fire')}\n`);

    const run = await runRoutine(t, admin, 'daily');
    expect(item(run, 'logs.errors')).toMatchObject({
      status: 'warning',
      figures: { errors: 2, fatal: 0, latest: 'database on fire' },
    });
    expect(item(run, 'logs.cleanup')).toMatchObject({
      status: 'ok',
      figures: { deletedFiles: 1, maxAgeDays: 30 },
    });
    expect(existsSync(join(logs, 'atrio.0.log'))).toBe(false);
    expect(existsSync(active)).toBe(true);
    expect(existsSync(join(logs, 'atrio.errors.log'))).toBe(true);

    const quiet = await runRoutine(t, admin, 'daily');
    expect(item(quiet, 'logs.errors')).toMatchObject({ status: 'ok', figures: { errors: 0 } });
  });

  it('trims the folder to maintenance.logs.maxTotalMb, oldest first', async () => {
    await setSetting(t, admin, 'maintenance.logs', { maxAgeDays: 30, maxTotalMb: 1 });
    rotated('atrio.a.log', 3, 'x'.repeat(600_000));
    rotated('atrio.b.log', 2, 'x'.repeat(600_000));
    const run = await runRoutine(t, admin, 'daily');
    expect(item(run, 'logs.cleanup').figures).toMatchObject({ deletedFiles: 1, maxTotalMb: 1 });
    expect(item(run, 'logs.cleanup').figures.remainingBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(readdirSync(logs)).not.toContain('atrio.a.log');
    expect(readdirSync(logs)).toContain('atrio.b.log');
  });
});
