import type { AuditVerifyResult, CertificateStatus } from '@atrio/protocol';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../certificates/self-signed.js';
import { cliEnvFor, runCli } from '../../test/cli-runner.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

describe('atrio cert and audit', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let cwd: string;
  const cli = (...argv: string[]) => runCli(argv, { env, cwd });
  const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

  beforeAll(async () => {
    t = await startTestServer();
    env = cliEnvFor(t);
    cwd = dirname(t.config.dataDir);
  });
  afterAll(() => t.close());

  it('shows the status of the certificate files', async () => {
    const result = await cli('cert', 'status', '--json');
    expect(result.code).toBe(0);
    expect(result.json<CertificateStatus>()).toMatchObject({
      fingerprint256: fingerprintOf(t.server.tls.cert),
      keyMatches: true,
      selfSigned: true,
      chainValid: null,
      warning: null,
    });
    const human = await cli('cert', 'status');
    expect(human.stdout).toMatch(/days left: +\d+/);
    expect(human.stdout).toMatch(/key matches: +yes/);
  });

  it('exits 3 when there is no certificate, and 1 when the files on disk do not belong together', async () => {
    const elsewhere = join(cwd, 'other-certs');
    const missing = await runCli(['cert', 'status'], { env: { ...env, ATRIO_CERT_DIR: elsewhere }, cwd });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('There is no certificate pair in');
    const [a, b] = [await generateSelfSigned(), await generateSelfSigned()];
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'server.crt'), a.cert);
    writeFileSync(join(elsewhere, 'server.key'), b.key);
    const mismatched = await runCli(['cert', 'status', '--json'], {
      env: { ...env, ATRIO_CERT_DIR: elsewhere },
      cwd,
    });
    expect(mismatched.code).toBe(1);
    expect(mismatched.json<CertificateStatus>().keyMatches).toBe(false);
  });

  it('refuses to install a key that is not the certificate’s (exit 2) or a missing file (exit 3), changing nothing', async () => {
    const before = readFileSync(join(t.config.certDir, 'server.crt'), 'utf8');
    const [a, b] = [await generateSelfSigned(), await generateSelfSigned()];
    writeFileSync(join(cwd, 'a.crt'), a.cert);
    writeFileSync(join(cwd, 'b.key'), b.key);
    const refused = await cli('cert', 'install', '--cert', 'a.crt', '--key', 'b.key', '--json');
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { reason: 'key_mismatch' } },
    });
    expect((await cli('cert', 'install', '--cert', 'a.crt', '--key', 'nope.key')).code).toBe(3);
    const noKey = await cli('cert', 'install', '--cert', 'a.crt');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("required option '--key <file>' not specified");
    expect(readFileSync(join(t.config.certDir, 'server.crt'), 'utf8')).toBe(before);
  });

  it('renews and installs into the files; the running server keeps its pair until restarted', async () => {
    const served = fingerprintOf(t.server.tls.cert);
    const renewed = await cli('cert', 'renew', '--json');
    expect(renewed.code).toBe(0);
    const status = renewed.json<CertificateStatus & { restartRequired: boolean }>();
    expect(status.restartRequired).toBe(true);
    expect(status.fingerprint256).not.toBe(served);
    expect(fingerprintOf(readFileSync(join(t.config.certDir, 'server.crt'), 'utf8'))).toBe(
      status.fingerprint256,
    );
    expect(fingerprintOf(readFileSync(join(t.config.certDir, 'server.crt.bak'), 'utf8'))).toBe(served);
    expect(fingerprintOf(t.server.tls.cert)).toBe(served);

    const pair = await generateSelfSigned();
    writeFileSync(join(cwd, 'mine.crt'), pair.cert);
    writeFileSync(join(cwd, 'mine.key'), pair.key);
    const installed = await cli('cert', 'install', '--cert', join(cwd, 'mine.crt'), '--key', 'mine.key');
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('Installed the certificate.');
    expect(installed.stdout).toContain('keeps serving the previous certificate until it restarts');
    expect(readFileSync(join(t.config.certDir, 'server.crt'), 'utf8')).toBe(pair.cert);
  });

  it('verifies an intact audit chain', async () => {
    const result = await cli('audit', 'verify', '--json');
    expect(result.code).toBe(0);
    expect(result.json<AuditVerifyResult>()).toMatchObject({ ok: true, checked: expect.any(Number) });
    expect((await cli('audit', 'verify')).stdout).toContain('Audit chain intact');
  });

  it('exports the trail as CSV to a file or stdout, with filters', async () => {
    const result = await cli('audit', 'export', '--action', 'certificate.', '--out', 'audit.csv', '--json');
    expect(result.code).toBe(0);
    const summary = result.json<{ out: string; rows: number }>();
    expect(summary.out).toBe(join(cwd, 'audit.csv'));
    const lines = readFileSync(summary.out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,at,actorId,actorName,action,target,outcome,ip,details,prevHash,hash');
    expect(lines.slice(1).map((line) => line.split(',')[4])).toEqual([
      'certificate.install_refused',
      'certificate.renewed',
      'certificate.installed',
    ]);
    expect(summary.rows).toBe(3);
    const toStdout = await cli('audit', 'export', '--action', 'certificate.renewed');
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout.trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('refuses bad export options with exit 2', async () => {
    expect((await cli('audit', 'export', '--json')).code).toBe(2);
    const badFilter = await cli('audit', 'export', '--outcome', 'maybe', '--out', 'x.csv');
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toContain('filter.outcome');
    expect(existsSync(join(cwd, 'x.csv'))).toBe(false);
  });

  it('reports a broken chain with exit 1 (run last: it tampers with the trail)', async () => {
    await t.server.app
      .get(DataSource)
      .query(`UPDATE audit_entries SET action = 'user.tampered' WHERE id = 2`);
    const result = await cli('audit', 'verify', '--json');
    expect(result.code).toBe(1);
    expect(result.json<AuditVerifyResult>()).toMatchObject({
      ok: false,
      firstBrokenId: 2,
      reason: 'hash_mismatch',
    });
    const human = await cli('audit', 'verify');
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('Audit chain BROKEN at entry 2');
  });
});
