import {
  type AuditEntry,
  certificateStatusSchema,
  type PreviousCertificate,
  previousCertificateSchema,
} from '@atrio/protocol';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { request } from '../../test/http-client.js';
import { generateSelfSigned } from './self-signed.js';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const call = (method: string, path: string, token = admin) =>
  // Trusting exactly what is served now: the renewed certificates share their subject with the first.
  request(`${t.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
    ca: t.server.tls.cert,
  });

async function previous(): Promise<PreviousCertificate> {
  const response = await call('GET', '/api/admin/certificates/previous');
  expect(response.status, response.text).toBe(200);
  return previousCertificateSchema.parse(response.json());
}

async function fingerprint(path: 'current' | 'renew' | 'previous/restore', method = 'GET'): Promise<string> {
  const response = await call(method, `/api/admin/certificates/${path}`);
  expect(response.status, response.text).toBe(200);
  return certificateStatusSchema.parse(response.json()).fingerprint256;
}

/** The fingerprint a new TLS connection is served now. */
function served(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: t.server.port, rejectUnauthorized: false }, () => {
      const { fingerprint256 } = socket.getPeerCertificate();
      socket.end();
      resolve(fingerprint256);
    });
    socket.on('error', reject);
  });
}

async function audit(action: string): Promise<AuditEntry[]> {
  const filter = encodeURIComponent(JSON.stringify({ action }));
  return (await call('GET', `/api/admin/audit?filter=${filter}`)).json<AuditEntry[]>();
}

describe('the previous certificate pair', () => {
  it('is none on a fresh server, and restoring it is NOT_FOUND', async () => {
    expect(await previous()).toEqual({ certificate: null, keptAt: null, unreadable: false });
    const refused = await call('POST', '/api/admin/certificates/previous/restore');
    expect(refused.status).toBe(404);
    expect(refused.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('is the pair a renewal replaced; restoring serves it again at once and keeps the other as previous', async () => {
    const original = await fingerprint('current');
    const renewed = await fingerprint('renew', 'POST');
    expect(renewed).not.toBe(original);
    const kept = await previous();
    expect(kept.certificate).toMatchObject({ fingerprint256: original, keyMatches: true });
    expect(Date.parse(kept.keptAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

    expect(await fingerprint('previous/restore', 'POST')).toBe(original);
    expect(await served()).toBe(original);
    expect((await previous()).certificate?.fingerprint256).toBe(renewed);
    expect((await audit('certificate.restored'))[0]).toMatchObject({
      outcome: 'success',
      details: { fingerprint256: original, replaced: renewed },
    });
  });

  it('refuses an expired or unreadable previous pair, audited, and serves what it served', async () => {
    const before = await served();
    const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
    const expired = await generateSelfSigned(undefined, twoYearsAgo);
    writeFileSync(join(t.config.certDir, 'server.crt.bak'), expired.cert);
    writeFileSync(join(t.config.certDir, 'server.key.bak'), expired.key);
    expect((await previous()).certificate).toMatchObject({ warning: 'expired' });
    const refused = await call('POST', '/api/admin/certificates/previous/restore');
    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: { reason: 'expired' },
        message: expect.stringMatching(/not restored/),
      },
    });
    expect((await audit('certificate.restore_refused'))[0]).toMatchObject({
      outcome: 'failure',
      details: { reason: 'expired' },
    });

    writeFileSync(join(t.config.certDir, 'server.crt.bak'), 'not a certificate');
    expect(await previous()).toMatchObject({
      certificate: null,
      unreadable: true,
      keptAt: expect.any(String),
    });
    const unreadable = await call('POST', '/api/admin/certificates/previous/restore');
    expect(unreadable.status).toBe(400);
    expect(unreadable.json()).toMatchObject({ error: { details: { reason: 'unreadable' } } });
    expect(await served()).toBe(before);
  });

  it('is for certificates.manage holders only', async () => {
    const member = await newUser(t);
    for (const [method, path] of [
      ['GET', '/api/admin/certificates/previous'],
      ['POST', '/api/admin/certificates/previous/restore'],
    ] as const) {
      const refused = await call(method, path, member.token);
      expect(refused.status).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });
});
