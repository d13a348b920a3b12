import type { BackupManifest, BackupRestoreResult, BackupVerifyResult } from '@atrio/protocol';
import { Buffer } from 'node:buffer';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { PID_FILE } from '../config/server-pid-file.js';
import { SQLITE_FILE } from '../database/data-source.js';
import { startServer } from '../server.js';
import { cliEnvFor, runCli } from '../../test/cli-runner.js';
import { startTestServer, testEnv, type TestServer } from '../../test/harness.js';

describe('atrio backup (server running)', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let cwd: string;
  const cli = (...argv: string[]) => runCli(argv, { env, cwd });

  beforeAll(async () => {
    t = await startTestServer();
    env = cliEnvFor(t);
    cwd = dirname(t.config.dataDir);
  });
  afterAll(() => t.close());

  it('creates a backup and prints its manifest as the only JSON on stdout, audited as the CLI', async () => {
    const result = await cli('backup', 'create', '--json');
    expect(result.code).toBe(0);
    const manifest = result.json<BackupManifest>();
    expect(manifest).toMatchObject({ status: 'ok', trigger: 'manual', databaseKind: 'sqlite' });
    expect(existsSync(join(t.config.dataDir, 'backups', `${manifest.id}.db.gz`))).toBe(true);
    const [entry] = await t.server.app
      .get(DataSource)
      .query(`SELECT actor_id, details FROM audit_entries WHERE action = 'backup.created' AND target = ?`, [
        `backup:${manifest.id}`,
      ]);
    expect(entry.actor_id).toBeNull();
    expect(JSON.parse(entry.details)).toMatchObject({
      via: 'cli',
      command: 'backup create',
      osUser: expect.any(String),
    });
  });

  it('lists backups as JSON and as a table', async () => {
    const created = (await cli('backup', 'create', '--json')).json<BackupManifest>();
    const listed = await cli('backup', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(listed.json<BackupManifest[]>().map((m) => m.id)).toContain(created.id);
    expect((await cli('--json', 'backup', 'list')).json<BackupManifest[]>()).toHaveLength(
      listed.json<BackupManifest[]>().length,
    );
    const human = await cli('backup', 'list');
    expect(human.stdout).toMatch(/^ID\s+TAKEN\s+STATUS/);
    expect(human.stdout).toContain(created.id);
  });

  it('verifies a good backup (exit 0) and fails a corrupted one (exit 1)', async () => {
    const good = (await cli('backup', 'create', '--json')).json<BackupManifest>();
    const verified = await cli('backup', 'verify', good.id, '--json');
    expect(verified.code).toBe(0);
    expect(verified.json<BackupVerifyResult>()).toMatchObject({ ok: true, status: 'verified' });

    const bad = (await cli('backup', 'create', '--json')).json<BackupManifest>();
    writeFileSync(join(t.config.dataDir, 'backups', `${bad.id}.db.gz`), 'not a backup any more');
    const failed = await cli('backup', 'verify', bad.id, '--json');
    expect(failed.code).toBe(1);
    expect(failed.json<BackupVerifyResult>()).toMatchObject({ ok: false, status: 'verify_failed' });
    expect(failed.json<BackupVerifyResult>().details).toContain('checksum mismatch');
    const human = await cli('backup', 'verify', bad.id);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('FAILED verification');
  });

  it('exits 3 for an unknown backup id and 2 for a malformed one', async () => {
    const unknown = await cli('backup', 'verify', '20200101-000000-abcd', '--json');
    expect(unknown.code).toBe(3);
    expect(unknown.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no backup 20200101-000000-abcd.' },
    });
    const malformed = await cli('backup', 'verify', '../../etc/passwd');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('The backup id is not valid.');
  });

  it('refuses to restore while the server runs on the data dir (exit 4), changing nothing', async () => {
    const backup = (await cli('backup', 'create', '--json')).json<BackupManifest>();
    const before = (await cli('backup', 'list', '--json')).json<BackupManifest[]>().length;
    const refused = await cli('backup', 'restore', backup.id, '--yes');
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`The server is running on this data dir (pid ${process.pid}`);
    expect(refused.stdout).toBe('');
    expect((await cli('backup', 'list', '--json')).json<BackupManifest[]>()).toHaveLength(before);
  });
});

describe('atrio backup restore (server stopped)', () => {
  const root = mkdtempSync(join(tmpdir(), 'atrio-cli-restore-'));
  const env = testEnv(root);
  const cli = (argv: string[], stdin?: string) => runCli(argv, { env, cwd: root, stdin });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('restores a backup once the server is stopped, keeping the data before as a pre-restore backup', async () => {
    const server = await startServer(loadConfig(env, root));
    expect(existsSync(join(root, 'data', PID_FILE))).toBe(true);
    const backup = (await cli(['backup', 'create', '--json'])).json<BackupManifest>();
    const created = await cli(
      ['user', 'create', 'after-backup', '--password-stdin'],
      'a long passphrase for later\n',
    );
    expect(created.code).toBe(0);
    await server.close();
    expect(existsSync(join(root, 'data', PID_FILE))).toBe(false);

    const unconfirmed = await cli(['backup', 'restore', backup.id]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('add --yes');

    const restored = await cli(['backup', 'restore', backup.id, '--yes', '--json']);
    expect(restored.code).toBe(0);
    const result = restored.json<BackupRestoreResult>();
    expect(result).toMatchObject({ id: backup.id, users: 1 });
    const users = (await cli(['user', 'list', '--json'])).json<Array<{ username: string }>>();
    expect(users.map((u) => u.username)).toEqual(['admin']);
    const ids = (await cli(['backup', 'list', '--json'])).json<BackupManifest[]>().map((m) => m.id);
    expect(ids).toContain(result.preRestoreBackupId);
  });

  it('treats a pid file left by a crashed server as stale', async () => {
    writeFileSync(
      join(root, 'data', PID_FILE),
      JSON.stringify({
        pid: 2 ** 22 + 1,
        host: (await import('node:os')).hostname(),
        port: 1,
        startedAt: 'x',
      }),
    );
    const backup = (await cli(['backup', 'list', '--json'])).json<BackupManifest[]>()[0]!;
    const restored = await cli(['backup', 'restore', backup.id, '--yes']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored backup ${backup.id}`);
  });
});

describe('atrio backup restore over a damaged database (server stopped)', () => {
  const root = mkdtempSync(join(tmpdir(), 'atrio-cli-damaged-'));
  const env = testEnv(root);
  const cli = (argv: string[], stdin?: string) => runCli(argv, { env, cwd: root, stdin });
  const db = join(root, 'data', SQLITE_FILE);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a damaged backup leaving the damaged file where it was, then restores a good one and keeps the damaged file aside', async () => {
    const server = await startServer(loadConfig(env, root));
    const good = (await cli(['backup', 'create', '--json'])).json<BackupManifest>();
    const bad = (await cli(['backup', 'create', '--json'])).json<BackupManifest>();
    await server.close();
    writeFileSync(join(root, 'data', 'backups', `${bad.id}.db.gz`), 'not a backup any more');
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0); // the header: "file is not a database"
    closeSync(fd);
    const damaged = readFileSync(db);

    const refused = await cli(['backup', 'restore', bad.id, '--yes', '--json']);
    expect(refused.code).toBe(4);
    expect(refused.json()).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringContaining('checksum mismatch') },
    });
    expect(readFileSync(db).equals(damaged)).toBe(true);
    expect(readdirSync(join(root, 'data')).filter((name) => name.includes('damaged'))).toEqual([]);

    const unconfirmed = await cli(['backup', 'restore', good.id]);
    expect(unconfirmed.code).toBe(2);
    expect(readFileSync(db).equals(damaged)).toBe(true);

    const restored = await cli(['backup', 'restore', good.id, '--yes', '--json']);
    expect(restored.code).toBe(0);
    const result = restored.json<{
      id: string;
      users: number;
      damagedFileKeptAs: string;
      replacedDamagedDatabase: string;
    }>();
    expect(result).toMatchObject({
      id: good.id,
      users: 1,
      replacedDamagedDatabase: 'file is not a database',
    });
    expect(readFileSync(join(root, 'data', result.damagedFileKeptAs)).equals(damaged)).toBe(true);
    const check = await cli(['db', 'check', '--json']);
    expect(check.code).toBe(0);
    expect(check.json()).toMatchObject({ ok: true });
    const exported = await cli([
      'audit',
      'export',
      '--action',
      'backup.restored',
      '--out',
      join(root, 'audit.csv'),
    ]);
    expect(exported.code).toBe(0);
    const entry = readFileSync(join(root, 'audit.csv'), 'utf8')
      .split('\n')
      .find((line) => line.includes(`backup:${good.id}`));
    expect(entry).toContain('damagedFileKeptAs');
  });
});
