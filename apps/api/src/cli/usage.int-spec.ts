import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../config/app-version.js';
import { runCli } from '../../test/cli-runner.js';

describe('atrio usage and configuration errors', () => {
  const root = mkdtempSync(join(tmpdir(), 'atrio-cli-usage-'));
  const env = { ATRIO_DATA_DIR: join(root, 'data'), ATRIO_CERT_DIR: join(root, 'certs') };
  const cli = (...argv: string[]) => runCli(argv, { env, cwd: root });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints help with every command and the exit codes (exit 0)', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of ['backup', 'user', 'role', 'cert', 'routine', 'audit', 'db', 'keys']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toContain('4  refused: the server is running on this data dir');
    expect((await cli('backup', '--help')).stdout).toContain('restore [options] <id>');
    const version = await cli('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(APP_VERSION);
  });

  it('exits 2 with a clear message for usage errors', async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: atrio [options] [command]');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'frobnicate'");
    const missing = await cli('backup', 'verify');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'id'");
    const badChoice = await cli('routine', 'run', 'hourly');
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toContain('Allowed choices are daily, weekly, monthly.');
    const unknownOption = await cli('user', 'list', '--colour');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("error: unknown option '--colour'");
  });

  it('with --json, a usage error is one JSON error document on stdout', async () => {
    const result = await cli('backup', 'verify', '--json');
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({
      error: { code: 'VALIDATION_FAILED', message: "error: missing required argument 'id'" },
    });
  });

  it('exits 5 when the configuration or the database cannot be opened', async () => {
    const noDataDir = await cli('backup', 'list', '--json');
    expect(noDataDir.code).toBe(5);
    expect(noDataDir.json()).toMatchObject({
      error: { code: 'UNAVAILABLE', details: { setting: 'ATRIO_DATA_DIR' } },
    });
    expect(noDataDir.stderr).toContain('does not exist');
    mkdirSync(env.ATRIO_DATA_DIR);
    const noDatabase = await cli('user', 'list');
    expect(noDatabase.code).toBe(5);
    expect(noDatabase.stderr).toContain('holds no database yet');
    const badSetting = await runCli(['user', 'list'], { env: { ...env, ATRIO_PORT: 'eighty' }, cwd: root });
    expect(badSetting.code).toBe(5);
    expect(badSetting.stderr).toMatch(/^atrio: ATRIO_PORT: "eighty"/);
  });
});
