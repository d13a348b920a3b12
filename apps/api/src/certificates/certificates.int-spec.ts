import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type AuditEntry, certificateStatusSchema, type Room } from '@atrio/protocol';
import { X509Certificate, webcrypto } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, send } from '../../test/chat-client.js';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { request, type HttpResponse } from '../../test/http-client.js';
import { generateSelfSigned } from './self-signed.js';

let t: TestServer;
let admin: string;
let member: TestUser;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  member = await newUser(t);
});
afterAll(async () => {
  sockets.forEach((socket) => socket.close());
  await t.close();
});

const DAY_MS = 86_400_000;
/** Other names than the server's own, but still 127.0.0.1, which the test clients connect to. */
const OTHER_NAMES = { dns: ['chat.example.test'], ips: ['127.0.0.1', '10.1.2.3'] };
/** The certificate admin calls trust; by default whatever the server serves now. */
let trusted: string | undefined;

const certDir = () => t.config.certDir;
const files = () => ({
  cert: readFileSync(join(certDir(), 'server.crt'), 'utf8'),
  key: readFileSync(join(certDir(), 'server.key'), 'utf8'),
});
const call = (method: string, path: string, body?: unknown) =>
  request(`${t.baseUrl}${path}`, {
    method,
    body,
    headers: { authorization: `Bearer ${admin}` },
    ca: trusted ?? t.server.tls.cert,
  });
const current = async () => {
  const response = await call('GET', '/api/admin/certificates/current');
  expect(response.status, response.text).toBe(200);
  return certificateStatusSchema.parse(response.json());
};
const install = (pair: { cert: string; key: string }) =>
  call('POST', '/api/admin/certificates/install', pair);
const renew = (body: object = {}) => call('POST', '/api/admin/certificates/renew', body);
const statusOf = (response: HttpResponse) => {
  expect(response.status, response.text).toBe(200);
  return certificateStatusSchema.parse(response.json());
};

/** What a TLS client opening a new connection is shown; not verified, only read. */
function servedFingerprint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: t.server.port, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.on('error', reject);
  });
}

/** Whether a new, verifying TLS connection trusting only `ca` succeeds. */
function handshakeTrusting(ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: t.server.port, ca }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function auditDetails(action: string): Promise<Array<Record<string, unknown>>> {
  const filter = encodeURIComponent(JSON.stringify({ action }));
  const response = await call('GET', `/api/admin/audit?filter=${filter}&range=[0,99]`);
  expect(response.status, response.text).toBe(200);
  return response
    .json<AuditEntry[]>()
    .filter((entry) => entry.action === action)
    .map((entry) => entry.details as Record<string, unknown>);
}

/** A CA and a server certificate it signed, as an administrator's own PKI would hand out. */
async function caSignedPair(): Promise<{ ca: string; cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as never);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const leafKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 90 * DAY_MS);
  type Keys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Atrio Test CA',
    notBefore,
    notAfter,
    signingAlgorithm: algorithm,
    keys: caKeys as Keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=chat.corp.test',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: algorithm,
    publicKey: leafKeys.publicKey as Keys['publicKey'],
    signingKey: caKeys.privateKey as Keys['privateKey'],
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'chat.corp.test' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return {
    ca: ca.toString('pem'),
    cert: leaf.toString('pem'),
    key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

describe('certificates', () => {
  it('describes the served self-signed certificate, with the fingerprint a TLS client sees', async () => {
    const status = await current();
    expect(status).toMatchObject({
      selfSigned: true,
      keyMatches: true,
      chainValid: null,
      warning: null,
    });
    expect(status.daysLeft).toBeGreaterThanOrEqual(364);
    expect(status.daysLeft).toBeLessThanOrEqual(365);
    expect(status.sans).toEqual(expect.arrayContaining(['DNS:localhost', 'IP:127.0.0.1']));
    expect(status.subject).toContain('O=Atrio self-signed');
    expect(status.issuer).toBe(status.subject);
    expect(Date.parse(status.validTo) - Date.parse(status.validFrom)).toBeGreaterThan(364 * DAY_MS);
    expect(status.fingerprint256).toBe(new X509Certificate(t.ca).fingerprint256);
    expect(await servedFingerprint()).toBe(status.fingerprint256);
  });

  it('is for certificate managers only', async () => {
    const pair = await generateSelfSigned(OTHER_NAMES);
    for (const [method, path, body] of [
      ['GET', '/api/admin/certificates/current', undefined],
      ['POST', '/api/admin/certificates/renew', {}],
      ['POST', '/api/admin/certificates/install', pair],
    ] as const) {
      const response = await api(t, member.token, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await servedFingerprint()).toBe(new X509Certificate(t.ca).fingerprint256);
  });

  it('refuses a mismatched key, garbage, an expired certificate and one without names, changing nothing', async () => {
    const before = files();
    const served = await servedFingerprint();
    const [one, other] = await Promise.all([
      generateSelfSigned(OTHER_NAMES),
      generateSelfSigned(OTHER_NAMES),
    ]);
    const expired = await generateSelfSigned(OTHER_NAMES, new Date(Date.now() - 2 * 365 * DAY_MS));
    const nameless = await generateSelfSigned({ dns: [], ips: [] });
    const cases = [
      { pair: { cert: one.cert, key: other.key }, reason: 'key_mismatch' },
      { pair: { cert: 'not a certificate', key: one.key }, reason: 'unreadable' },
      {
        pair: { cert: one.cert, key: '-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----' },
        reason: 'unreadable',
      },
      { pair: expired, reason: 'expired' },
      { pair: nameless, reason: 'no_subject_alt_names' },
    ];
    for (const { pair, reason } of cases) {
      const response = await install(pair);
      expect(response.status, reason).toBe(400);
      const error = response.json<{ error: { code: string; message: string; details: { reason: string } } }>()
        .error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.reason).toBe(reason);
      expect(error.message).toMatch(/^The certificate was not installed: /);
    }
    expect(files()).toEqual(before);
    expect(await servedFingerprint()).toBe(served);
    expect((await current()).fingerprint256).toBe(served);

    const refusals = await auditDetails('certificate.install_refused');
    expect(refusals.map((details) => details.reason)).toEqual(
      expect.arrayContaining(cases.map((c) => c.reason)),
    );
    expect(JSON.stringify(refusals)).not.toContain('PRIVATE KEY');
  });

  it('renews in place: an open socket stays up and new connections get the new certificate', async () => {
    const before = files();
    const old = await current();
    const room = (
      await api(t, member.token, 'POST', '/api/rooms', { name: `tls ${Math.random()}`, visibility: 'public' })
    ).json<Room>();
    const socket = await connectAs(t, member.token);
    sockets.push(socket);
    await send(socket, room.id, 'before renewal');

    const renewed = statusOf(await renew());
    expect(renewed.fingerprint256).not.toBe(old.fingerprint256);
    expect(renewed).toMatchObject({ selfSigned: true, keyMatches: true, warning: null });

    // The socket opened with the old certificate still works.
    expect(socket.connected).toBe(true);
    const message = await send(socket, room.id, 'after renewal');
    expect(message.body).toBe('after renewal');

    // A new TLS connection is shown the new certificate, and the old one no longer verifies it.
    expect(await servedFingerprint()).toBe(renewed.fingerprint256);
    expect(await handshakeTrusting(t.ca)).toBe(false);
    expect(await handshakeTrusting(t.server.tls.cert)).toBe(true);

    // On disk: the new pair (key private), the previous one kept as .bak.
    const after = files();
    expect(new X509Certificate(after.cert).fingerprint256).toBe(renewed.fingerprint256);
    expect(statSync(join(certDir(), 'server.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(certDir(), 'server.crt.bak'), 'utf8')).toBe(before.cert);
    expect(readFileSync(join(certDir(), 'server.key.bak'), 'utf8')).toBe(before.key);

    const renewals = await auditDetails('certificate.renewed');
    expect(renewals.at(-1)).toMatchObject({
      fingerprint256: renewed.fingerprint256,
      previous: old.fingerprint256,
    });
  });

  it('installs an uploaded pair and serves it', async () => {
    const before = files();
    const pair = await generateSelfSigned(OTHER_NAMES);
    const installed = statusOf(await install(pair));
    expect(installed.sans).toEqual(['DNS:chat.example.test', 'IP:127.0.0.1', 'IP:10.1.2.3']);
    expect(installed.fingerprint256).toBe(new X509Certificate(pair.cert).fingerprint256);
    expect(await servedFingerprint()).toBe(installed.fingerprint256);
    expect(files()).toEqual(pair);
    expect(readFileSync(join(certDir(), 'server.crt.bak'), 'utf8')).toBe(before.cert);
    expect(readFileSync(join(certDir(), 'server.key.bak'), 'utf8')).toBe(before.key);
    const installs = await auditDetails('certificate.installed');
    expect(installs.at(-1)).toMatchObject({ fingerprint256: installed.fingerprint256 });
    expect(JSON.stringify(installs)).not.toContain('PRIVATE KEY');
  });

  it('checks a CA-signed certificate against ca.pem and renews over it only when forced', async () => {
    const pair = await caSignedPair();
    const installed = statusOf(await install({ cert: pair.cert, key: pair.key }));
    trusted = pair.ca;
    expect(await handshakeTrusting(pair.ca)).toBe(true);
    expect(installed).toMatchObject({
      selfSigned: false,
      chainValid: null,
      sans: ['DNS:chat.corp.test', 'IP:127.0.0.1'],
    });

    writeFileSync(join(certDir(), 'ca.pem'), pair.ca);
    expect((await current()).chainValid).toBe(true);
    writeFileSync(join(certDir(), 'ca.pem'), (await caSignedPair()).ca);
    expect((await current()).chainValid).toBe(false);
    rmSync(join(certDir(), 'ca.pem'));

    const refused = await renew();
    expect(refused.status).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('CONFLICT');
    expect(await servedFingerprint()).toBe(installed.fingerprint256);

    const forced = statusOf(await renew({ force: true }));
    trusted = undefined;
    expect(forced.selfSigned).toBe(true);
    expect(await servedFingerprint()).toBe(forced.fingerprint256);
  });
});
