import type { AdminUser, DatabaseCheckResult, KeyRotationResult, RoutineRun } from '@atrio/protocol';
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PID_FILE } from '../config/server-pid-file.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvFor, runCli } from '../../test/cli-runner.js';
import { newPassword } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

describe('atrio routine, db and keys', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let cwd: string;
  const cli = (argv: string[], stdin?: string) => runCli(argv, { env, cwd, stdin });

  beforeAll(async () => {
    t = await startTestServer();
    env = cliEnvFor(t);
    cwd = dirname(t.config.dataDir);
  });
  afterAll(() => t.close());

  it('checks the database', async () => {
    const result = await cli(['db', 'check', '--json']);
    expect(result.code).toBe(0);
    expect(result.json<DatabaseCheckResult>()).toMatchObject({
      ok: true,
      databaseKind: 'sqlite',
      problems: [],
    });
    expect((await cli(['db', 'check'])).stdout).toContain('Database OK.');
  });

  it('optimises with percentage lines on stderr when not a terminal, and none with --json', async () => {
    const plain = await cli(['db', 'optimize']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/^optimising: 0% \(PRAGMA optimize\)$/m);
    expect(plain.stderr).toMatch(/^optimising: 100% \(done\)$/m);
    expect(plain.stdout).toContain('ANALYZE (');
    const json = await cli(['db', 'optimize', '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(json.json()).toMatchObject({ ok: true });
  });

  it('runs a routine, stored as started from the CLI; exit 1 exactly when a check failed', async () => {
    const result = await cli(['routine', 'run', 'daily', '--json']);
    const run = result.json<RoutineRun>();
    expect(run).toMatchObject({ kind: 'daily', trigger: 'cli', startedBy: null });
    expect(run.items.length).toBeGreaterThan(0);
    expect(result.code).toBe(run.checksStatus === 'failed' ? 1 : 0);
    expect(run.items.find((i) => i.itemId === 'server.status')).toMatchObject({
      status: 'ok',
      figures: { serverPid: process.pid }, // the test server runs in this process
    });
    const human = await cli(['routine', 'run', 'weekly']);
    expect(human.stdout).toMatch(/^weekly routine, run \d+: /);
    expect(human.stdout).toMatch(/^STATUS\s+ITEM\s+RESULT/m);
  });

  it('reports the server as down when no server runs on the data folder', async () => {
    const pidFile = join(t.config.dataDir, PID_FILE);
    renameSync(pidFile, `${pidFile}.away`);
    try {
      const run = (await cli(['routine', 'run', 'daily', '--json'])).json<RoutineRun>();
      expect(run.items.find((i) => i.itemId === 'server.status')).toMatchObject({
        status: 'failed',
        message: expect.stringContaining('No Atrio server is running'),
      });
    } finally {
      renameSync(`${pidFile}.away`, pidFile);
    }
  });

  it('rotates the encryption key; sealed fields stay readable', async () => {
    const created = await cli(
      ['user', 'create', 'keyholder', '--email', 'keyholder@example.org', '--password-stdin', '--json'],
      `${newPassword()}\n`,
    );
    expect(created.code).toBe(0);
    const result = await cli(['keys', 'rotate', '--json']);
    expect(result.code).toBe(0);
    expect(result.json<KeyRotationResult>()).toMatchObject({ kind: 'rotation', failed: 0, remaining: 0 });
    expect(result.json<KeyRotationResult>().resealed).toBeGreaterThan(0);
    const users = (await cli(['user', 'list', '--search', 'keyholder', '--json'])).json<AdminUser[]>();
    expect(users[0]?.email).toBe('keyholder@example.org');
  });
});
