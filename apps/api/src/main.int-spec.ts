import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from './certificates/self-signed.js';
import { EXIT_CONFIG } from './config/startup-error.js';
import { request } from '../test/http-client.js';
import { tempDir, testEnv } from '../test/harness.js';
import { spawnServer, waitForBanner } from '../test/server-process.js';

const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((dir) => dir.remove()));
function workDir(): string {
  const dir = tempDir('atrio-main-');
  dirs.push(dir);
  return dir.path;
}

/** Starts the built server and expects it to refuse: one line on stderr naming the setting, exit 78. */
async function expectRefusal(
  root: string,
  env: Record<string, string>,
  setting: string,
  hint: string,
): Promise<string> {
  const server = spawnServer(testEnv(root, env), root);
  const code = await server.exited;
  const lines = server.stderr().trim().split('\n');
  expect({ code, lines }).toMatchObject({ code: EXIT_CONFIG, lines: [expect.stringContaining(setting)] });
  expect(lines[0]).toContain(hint);
  expect(server.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  expect(server.stdout()).not.toContain('is running');
  return server.stderr();
}

describe('npm start (the built server as a process)', () => {
  describe('first start with no configuration but a data and certificate dir', () => {
    const root = workDir();
    let server: ReturnType<typeof spawnServer>;
    let port: number;
    let ca: string;

    beforeAll(async () => {
      server = spawnServer(testEnv(root, { ATRIO_ADMIN_PASSWORD: '' }), root);
      port = await waitForBanner(server);
      ca = readFileSync(join(root, 'certs', 'server.crt'), 'utf8');
    });

    it('prints the banner with the URLs, the data dir and a one-time admin password', () => {
      const banner = server.stdout();
      expect(banner).toContain(`https://127.0.0.1:${port}/admin/`);
      expect(banner).toContain(`https://127.0.0.1:${port}/api/docs`);
      expect(banner).toContain(join(root, 'data'));
      expect(banner).toMatch(/one-time password: \S{12,}/);
    });

    it('generates a self-signed certificate for localhost and the loopback addresses, key readable by owner only', () => {
      const cert = new X509Certificate(ca);
      expect(cert.subjectAltName).toContain('DNS:localhost');
      expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
      expect(statSync(join(root, 'certs', 'server.key')).mode & 0o077).toBe(0);
    });

    it('answers /api/health over TLS verified against that certificate', async () => {
      const response = await request(`https://127.0.0.1:${port}/api/health`, { ca });
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
    });

    it('stops cleanly on SIGTERM: exit 0, database closed, shutdown logged', async () => {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(existsSync(join(root, 'data', 'atrio.db'))).toBe(true);
      expect(existsSync(join(root, 'data', 'atrio.db-wal'))).toBe(false); // checkpointed and closed
      const log = readFileSync(join(root, 'data', 'logs', 'current.log'), 'utf8');
      expect(log).toContain('shutdown complete');
    });

    it('starts again on the same data without showing a password again', async () => {
      const again = spawnServer(testEnv(root, { ATRIO_ADMIN_PASSWORD: '' }), root);
      await waitForBanner(again);
      expect(again.stdout()).not.toContain('one-time password');
      again.child.kill('SIGINT');
      expect(await again.exited).toBe(0);
    });
  });

  describe.concurrent('refuses bad settings with one clear line', () => {
    it('non-numeric port', async () => {
      await expectRefusal(workDir(), { ATRIO_PORT: 'http' }, 'ATRIO_PORT', 'whole number');
    });

    it('port in use', async () => {
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as { port: number };
      try {
        await expectRefusal(workDir(), { ATRIO_PORT: String(port) }, 'ATRIO_PORT', 'already in use');
      } finally {
        blocker.close();
      }
    });

    it('unreadable certificate', async () => {
      const root = workDir();
      const pair = await generateSelfSigned();
      writeCerts(root, 'not a certificate', pair.key);
      await expectRefusal(root, {}, 'ATRIO_CERT_DIR', 'not a readable PEM certificate');
    });

    it('unreadable key', async () => {
      const root = workDir();
      const pair = await generateSelfSigned();
      writeCerts(root, pair.cert, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
      await expectRefusal(root, {}, 'ATRIO_CERT_DIR', 'not a readable PEM private key');
    });

    it('key that does not match the certificate', async () => {
      const root = workDir();
      const [one, other] = await Promise.all([generateSelfSigned(), generateSelfSigned()]);
      writeCerts(root, one.cert, other.key);
      await expectRefusal(root, {}, 'ATRIO_CERT_DIR', 'does not match');
    });

    it('certificate without its key (never overwritten by a generated pair)', async () => {
      const root = workDir();
      const pair = await generateSelfSigned();
      mkdirSync(join(root, 'certs'));
      writeFileSync(join(root, 'certs', 'server.crt'), pair.cert);
      await expectRefusal(root, {}, 'ATRIO_CERT_DIR', 'server.key is missing');
      expect(readFileSync(join(root, 'certs', 'server.crt'), 'utf8')).toBe(pair.cert);
    });

    it('data dir that is a file', async () => {
      const root = workDir();
      writeFileSync(join(root, 'data'), 'a file, not a folder');
      await expectRefusal(root, {}, 'ATRIO_DATA_DIR', 'not a writable directory');
    });

    it('data dir below a file', async () => {
      const root = workDir();
      writeFileSync(join(root, 'file'), '');
      await expectRefusal(root, { ATRIO_DATA_DIR: join(root, 'file', 'data') }, 'ATRIO_DATA_DIR', 'ENOTDIR');
    });

    it('database file that is not a database, left untouched', async () => {
      const root = workDir();
      mkdirSync(join(root, 'data'));
      const garbage = 'this is a text file, not SQLite\n'.repeat(200);
      writeFileSync(join(root, 'data', 'atrio.db'), garbage);
      await expectRefusal(root, {}, 'ATRIO_DATA_DIR', 'not a database');
      expect(readFileSync(join(root, 'data', 'atrio.db'), 'utf8')).toBe(garbage);
    });

    it('invalid database URL', async () => {
      await expectRefusal(
        workDir(),
        { ATRIO_DATABASE_URL: 'sqlite://x' },
        'ATRIO_DATABASE_URL',
        'postgres://',
      );
    });

    it('unreachable PostgreSQL, without printing its password', async () => {
      const stderr = await expectRefusal(
        workDir(),
        { ATRIO_DATABASE_URL: 'postgres://atrio:s3cret@127.0.0.1:1/atrio' },
        'ATRIO_DATABASE_URL',
        'cannot open the database',
      );
      expect(stderr).not.toContain('s3cret');
    });
  });
});

function writeCerts(root: string, cert: string, key: string): void {
  mkdirSync(join(root, 'certs'));
  writeFileSync(join(root, 'certs', 'server.crt'), cert);
  writeFileSync(join(root, 'certs', 'server.key'), key);
}
