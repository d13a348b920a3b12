import type { AdminUser, LoginResponse, Role } from '@atrio/protocol';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvFor, fakeTerminal, runCli } from '../../test/cli-runner.js';
import { login, newPassword } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

describe('atrio user and role', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let cwd: string;
  const cli = (argv: string[], stdin?: string) => runCli(argv, { env, cwd, stdin });
  const unique = () => `u${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    t = await startTestServer();
    env = cliEnvFor(t);
    cwd = dirname(t.config.dataDir);
  });
  afterAll(() => t.close());

  it('creates a user from a password on stdin; they must change it at first login', async () => {
    const name = unique();
    const password = newPassword();
    const result = await cli(
      [
        'user',
        'create',
        name,
        '--display-name',
        'Ana Ruiz',
        '--email',
        'ana@example.org',
        '--password-stdin',
        '--json',
      ],
      `${password}\n`,
    );
    expect(result.code).toBe(0);
    expect(result.json<AdminUser>()).toMatchObject({
      username: name,
      displayName: 'Ana Ruiz',
      roles: ['member'],
      status: 'active',
    });
    const response = await login(t, name, password);
    expect(response.status).toBe(200);
    expect(response.json<LoginResponse>().user.mustChangePassword).toBe(true);
  });

  it('asks for the password twice on a terminal, without echoing it', async () => {
    const name = unique();
    const password = newPassword();
    const terminal = fakeTerminal();
    const running = runCli(['user', 'create', name, '--role', 'moderator'], {
      env,
      cwd,
      stdin: terminal.stdin,
    });
    terminal.type(`${password}\r${password}\r`); // pasted at once: each prompt takes its line
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Password: ');
    expect(result.stderr).toContain('Repeat the password: ');
    expect(result.stderr + result.stdout).not.toContain(password);
    expect(result.stdout).toContain(`Created user ${name}`);
    expect(result.stdout).toContain('roles moderator');
  });

  it('refuses invalid input with exit 2 and names the fields', async () => {
    const weak = await cli(['user', 'create', unique(), '--password-stdin', '--json'], 'password\n');
    expect(weak.code).toBe(2);
    expect(weak.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    const badName = await cli(['user', 'create', 'Ä!', '--password-stdin'], `${newPassword()}\n`);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('username:');
    const noTerminal = await cli(['user', 'create', unique()]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('--password-stdin');
  });

  it('refuses a taken username with exit 4', async () => {
    const result = await cli(['user', 'create', 'admin', '--password-stdin'], `${newPassword()}\n`);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('The username "admin" is taken.');
  });

  it('lists users as JSON and as a table, with filters', async () => {
    const name = unique();
    await cli(['user', 'create', name, '--password-stdin'], `${newPassword()}\n`);
    const all = await cli(['user', 'list', '--json']);
    expect(all.code).toBe(0);
    expect(all.json<AdminUser[]>().map((u) => u.username)).toEqual(expect.arrayContaining(['admin', name]));
    const admins = await cli(['user', 'list', '--role', 'admin', '--json']);
    expect(admins.json<AdminUser[]>().map((u) => u.username)).toEqual(['admin']);
    const table = await cli(['user', 'list', '--search', name]);
    expect(table.stdout).toMatch(/^ID\s+USERNAME\s+NAME\s+ROLES\s+STATUS/);
    expect(table.stdout).toContain(name);
    expect((await cli(['user', 'list', '--status', 'sleepy'])).code).toBe(2);
  });

  it('unlocks a locked-out user', async () => {
    const name = unique();
    await cli(['user', 'create', name, '--password-stdin'], `${newPassword()}\n`);
    await t.server.app
      .get(DataSource)
      .query('UPDATE users SET locked_until = ?, failed_logins = 5 WHERE username = ?', [
        Date.now() + 3_600_000,
        name,
      ]);
    const locked = await cli(['user', 'list', '--status', 'locked', '--json']);
    expect(locked.json<AdminUser[]>().map((u) => u.username)).toContain(name);
    const result = await cli(['user', 'unlock', name, '--json']);
    expect(result.code).toBe(0);
    expect(result.json<AdminUser>()).toMatchObject({
      username: name,
      status: 'active',
      lockedUntil: null,
      failedLogins: 0,
    });
    expect((await cli(['user', 'unlock', 'nobody-here'])).code).toBe(3);
  });

  it('resets a password to a one-time temporary one, audited as the CLI', async () => {
    const name = unique();
    await cli(['user', 'create', name, '--password-stdin'], `${newPassword()}\n`);
    const result = await cli(['user', 'reset-password', name, '--json']);
    expect(result.code).toBe(0);
    const { temporaryPassword } = result.json<{ temporaryPassword: string }>();
    const response = await login(t, name, temporaryPassword);
    expect(response.status).toBe(200);
    expect(response.json<LoginResponse>().user.mustChangePassword).toBe(true);
    const [entry] = await t.server.app
      .get(DataSource)
      .query(
        `SELECT actor_id, details FROM audit_entries WHERE action = 'user.password.reset' ORDER BY id DESC LIMIT 1`,
      );
    expect(entry.actor_id).toBeNull();
    expect(JSON.parse(entry.details)).toMatchObject({ via: 'cli', command: 'user reset-password' });
    const human = await cli(['user', 'reset-password', name]);
    expect(human.stdout).toMatch(/temporary password: +\S{16}/);
  });

  it('grants and revokes roles, and lists them with their holders', async () => {
    const name = unique();
    await cli(['user', 'create', name, '--password-stdin'], `${newPassword()}\n`);
    const granted = await cli(['role', 'grant', name, 'moderator', '--json']);
    expect(granted.code).toBe(0);
    expect(granted.json()).toEqual({ username: name, roles: ['member', 'moderator'], changed: true });
    expect((await cli(['role', 'grant', name, 'moderator'])).stdout).toContain('already holds moderator');
    const roles = (await cli(['role', 'list', '--json'])).json<Role[]>();
    expect(roles.find((r) => r.name === 'admin')).toMatchObject({ builtin: true, userCount: 1 });
    expect((await cli(['role', 'list'])).stdout).toMatch(/^ROLE\s+BUILT-IN\s+2FA\s+USERS\s+PERMISSIONS/);
    const revoked = await cli(['role', 'revoke', name, 'member', '--json']);
    expect(revoked.json()).toEqual({ username: name, roles: ['moderator'], changed: true });
  });

  it('exits 3 for an unknown role or user and 4 for removing the last administrator', async () => {
    const unknownRole = await cli(['role', 'grant', 'admin', 'wizard']);
    expect(unknownRole.code).toBe(3);
    expect(unknownRole.stderr).toContain('There is no role "wizard"');
    expect((await cli(['role', 'grant', 'ghost', 'admin'])).code).toBe(3);
    const lastAdmin = await cli(['role', 'revoke', 'admin', 'admin', '--json']);
    expect(lastAdmin.code).toBe(4);
    expect(lastAdmin.json<{ error: { message: string } }>().error.message).toContain(
      'last active administrator',
    );
  });
});
