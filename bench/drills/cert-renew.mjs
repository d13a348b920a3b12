#!/usr/bin/env node
// Drill `cert-renew`: while two members chat (one message every 20 ms) and more sockets sit
// connected, an administrator renews the certificate from the console's API. Every connected socket
// must stay connected and every message must still arrive; a new connection must be served the new
// certificate (and a client that still trusts only the old one must be refused).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
import {
  ack,
  adminLogin,
  connect,
  drillFolders,
  newMember,
  raiseSetting,
  runDrill,
  sleep,
  startServer,
} from '../lib/drill-kit.mjs';

const SEND_EVERY_MS = 20;
const IDLE_SOCKETS = 8;

/** The SHA-256 fingerprint of the certificate a new TLS connection is served. */
function servedFingerprint(port) {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

await runDrill(
  'cert-renew',
  'certificate renewed under load: connected clients stay, new ones get the new certificate',
  async (report, onExit) => {
    const folders = drillFolders('cert-renew');
    onExit(() => folders.remove());
    const server = await startServer(folders);
    onExit(() => server.stop());
    const admin = await adminLogin(server, folders);
    await raiseSetting(server, admin, 'chat.limits', {
      messagesPerSecond: 1000,
      messageBurst: 1000,
      eventsPerSecond: 10_000,
    });
    report.note('chat.limits raised to 1 000 messages/s (one message every 20 ms)');
    const alice = await newMember(server, admin, 'alice');
    const bob = await newMember(server, admin, 'bob');
    const room = await server.http.ok('POST', '/api/rooms', {
      token: alice.token,
      body: { name: 'ops', visibility: 'public' },
    });
    await server.http.ok('POST', `/api/rooms/${room.id}/join`, { token: bob.token });

    const certFile = join(folders.certDir, 'server.crt');
    const oldFingerprint = new X509Certificate(readFileSync(certFile)).fingerprint256;
    const servedBefore = await servedFingerprint(server.port);

    const sender = await connect(server, alice.token);
    const receiver = await connect(server, bob.token);
    const idle = [];
    for (let i = 0; i < IDLE_SOCKETS; i++) idle.push(await connect(server, i % 2 ? alice.token : bob.token));
    const all = [sender, receiver, ...idle];
    let disconnects = 0;
    for (const socket of all) socket.on('disconnect', () => disconnects++);
    const arrivals = new Map(); // body -> arrival time at the receiver
    receiver.on('message:new', ({ message }) => arrivals.set(message.body, performance.now()));
    const sent = []; // {body, at, ok}
    let sending = true;
    const loop = (async () => {
      for (let i = 0; sending; i++) {
        const at = performance.now();
        const answer = await ack(sender, 'message:send', {
          roomId: room.id,
          body: `ops ${i}`,
          clientMsgId: `ops-${i}`,
        });
        sent.push({ body: `ops ${i}`, at, ok: answer.ok });
        await sleep(SEND_EVERY_MS);
      }
    })();

    await sleep(1500);
    const renewAt = performance.now();
    const renewed = await server.http.call('POST', '/api/admin/certificates/renew', {
      token: admin,
      body: { force: true },
    });
    const renewMs = performance.now() - renewAt;
    await sleep(2000);
    sending = false;
    await loop;
    await sleep(300);

    const newFingerprint = new X509Certificate(readFileSync(certFile)).fingerprint256;
    const servedAfter = await servedFingerprint(server.port);
    // A new client that trusts the new certificate connects; one that trusts only the old one cannot.
    const newCa = readFileSync(certFile);
    const fresh = await connect({ url: server.url, ca: newCa }, bob.token).then(
      (s) => (s.close(), 'connected'),
      (error) => `refused: ${error.message}`,
    );
    const stale = await connect({ url: server.url, ca: server.ca }, bob.token, { timeoutMs: 5000 }).then(
      (s) => (s.close(), 'connected'),
      (error) => `refused: ${error.message}`,
    );

    const okSent = sent.filter((m) => m.ok);
    const lost = okSent.filter((m) => !arrivals.has(m.body));
    const afterRenew = okSent.filter((m) => m.at >= renewAt);
    const latencies = okSent.filter((m) => arrivals.has(m.body)).map((m) => arrivals.get(m.body) - m.at);
    const aroundRenew = okSent
      .filter((m) => m.at >= renewAt - 200 && m.at <= renewAt + 1000 && arrivals.has(m.body))
      .map((m) => arrivals.get(m.body) - m.at);
    report.figure('renew call took', renewMs, 'ms');
    report.figure('sockets connected through the renewal', all.length);
    report.figure('messages sent / after the renewal', `${okSent.length} / ${afterRenew.length}`);
    report.figure(
      'delivery latency max, whole run / around the renewal',
      `${Math.round(Math.max(...latencies))} / ${Math.round(Math.max(...aroundRenew))}`,
      'ms',
    );
    report.figure('certificate served before', servedBefore.slice(0, 23));
    report.figure('certificate served after', servedAfter.slice(0, 23));

    report.check(
      'the renewal succeeds',
      renewed.status === 200 && renewed.body?.fingerprint256 === newFingerprint,
      `${renewed.status}, fingerprint ${String(renewed.body?.fingerprint256).slice(0, 23)}`,
    );
    report.check(
      'connected sockets stay connected',
      disconnects === 0 && all.every((s) => s.connected),
      `${disconnects} disconnects of ${all.length}`,
    );
    report.check(
      'every message still arrives, before and after the renewal',
      lost.length === 0 && afterRenew.length > 20,
      `${lost.length} lost of ${okSent.length}; ${afterRenew.length} sent after it`,
    );
    report.check(
      'new connections are served the new certificate',
      servedBefore === oldFingerprint && servedAfter === newFingerprint && newFingerprint !== oldFingerprint,
      `before ${servedBefore === oldFingerprint ? 'old' : '?'}, after ${servedAfter === newFingerprint ? 'new' : servedAfter === oldFingerprint ? 'OLD' : '?'}`,
    );
    report.check(
      'a client trusting the new certificate connects; one trusting only the old is refused',
      fresh === 'connected' && stale !== 'connected',
      `new CA: ${fresh}; old CA: ${stale}`,
    );
    all.forEach((s) => s.close());
  },
);
