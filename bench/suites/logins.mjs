#!/usr/bin/env node
// The logins suite (`npm run bench -- logins`): a login storm at the server's argon2id cost while
// other people chat. BENCH_LOGIN_USERS (500) accounts each log in once, BENCH_LOGIN_IN_FLIGHT (400)
// requests at a time — more than the server's hashing gate holds (min(3, cores − 1) running + 200 waiting), so its
// queue fills and the rest are told 503 + Retry-After, which the client honours like a browser.
// Meanwhile 100 members chat in 2 rooms × 50 at BENCH_LOGIN_CHAT (2 000) deliveries/s; their
// delivery latency before and during the storm is the "everyone else" figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { PINNING, loadAverage, pinSelf, sampleProcess } from '../lib/proc.mjs';
import { BENCH_CHAT_LIMITS, BENCH_LOGIN_THROTTLE } from '../lib/systems.mjs';
import { startSeededAtrio } from '../lib/seeded-atrio.mjs';
import { startGenerator } from '../lib/generator.mjs';
import { HttpsJson, mapLimit } from '../lib/http.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOGINS = Number(process.env.BENCH_LOGIN_USERS ?? 500);
const IN_FLIGHT = Number(process.env.BENCH_LOGIN_IN_FLIGHT ?? 400);
const CHAT = Number(process.env.BENCH_LOGIN_CHAT ?? 2000);
const CHAT_USERS = 100;

const log = (line = '') => console.log(line);
const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
const pct = (values, q) => {
  const sorted = Float64Array.from(values).sort();
  return sorted.length
    ? round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)], 1)
    : NaN;
};
let atrio;

async function main() {
  const started = performance.now();
  const { pinned } = pinSelf();
  const uptime = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  log(`logins suite — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  log(`machine load at start: ${uptime}`);
  log(
    pinned
      ? `pinning: clients on core 1, server ${process.env.BENCH_LOGIN_PIN === '0' ? 'NOT pinned (BENCH_LOGIN_PIN=0): argon2 may use every core' : 'on core 0 (its libuv pool, where argon2 runs, too)'}`
      : 'pinning: none',
  );
  const chatRooms = Array.from({ length: 2 }, (_, r) => ({
    name: `chat ${r + 1}`,
    memberIndexes: Array.from({ length: 50 }, (_, i) => r * 50 + i),
  }));
  atrio = await startSeededAtrio({
    root,
    users: CHAT_USERS + LOGINS,
    rooms: chatRooms,
    settings: { 'chat.limits': BENCH_CHAT_LIMITS, 'security.loginThrottle': BENCH_LOGIN_THROTTLE },
    log,
  });
  // BENCH_LOGIN_PIN=0 leaves the server on every core (argon2's threads then use the other one).
  const pinServer = PINNING && process.env.BENCH_LOGIN_PIN !== '0';
  if (pinServer) atrio.pin();
  log(`[atrio] pid ${atrio.pid}; set-up ${atrio.setupSeconds.toFixed(1)} s (not part of any figure)`);
  log(
    `[atrio] NOTE: settings raised for the run: ${JSON.stringify({ 'chat.limits': BENCH_CHAT_LIMITS, 'security.loginThrottle': BENCH_LOGIN_THROTTLE })}`,
  );
  log(
    '[atrio] argon2id cost: m=19456 KiB, t=2, p=1 (apps/api/src/auth/passwords/password-hasher.ts); hashing gate min(3, cores - 1) running + 200 queued',
  );

  const results = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, uptimeAtStart: uptime },
    config: { logins: LOGINS, inFlight: IN_FLIGHT, chatDeliveriesPerSec: CHAT, serverPinned: pinServer },
  };
  const http = new HttpsJson(atrio.url, atrio.ca, { maxSockets: IN_FLIGHT });
  const live = {
    name: 'chat',
    rooms: chatRooms.map((spec) => ({
      id: atrio.roomIds[spec.name],
      members: spec.memberIndexes.map((i) => atrio.members[i]),
    })),
  };
  const generator = await startGenerator(atrio, live, { shards: 1 });
  try {
    await generator.step({ offeredDeliveries: CHAT, seconds: 2, drainSeconds: 2, warmup: true });
    const quiet = await generator.step({ key: 1, offeredDeliveries: CHAT, seconds: 5, drainSeconds: 3 });
    log(
      `\n[chat alone] ${CHAT} deliveries/s: delivery p50 ${quiet.deliveryMs.p50} ms, p99 ${quiet.deliveryMs.p99} ms, ack p99 ${quiet.ackMs.p99} ms`,
    );

    let storm;
    const busy = await generator.step({
      key: 2,
      offeredDeliveries: CHAT,
      seconds: 600,
      drainSeconds: 3,
      untilDuring: true,
      during: async () => {
        await sleep(1000);
        storm = await loginStorm(http, atrio);
        await sleep(1000);
      },
    });
    log(
      `[storm] ${storm.ok} of ${LOGINS} logins in ${storm.seconds} s = ${storm.perSecond} logins/s; latency p50 ${storm.latencyMs.p50} ms, p99 ${storm.latencyMs.p99} ms, max ${storm.latencyMs.max} ms (retries included); answered in each second: ${storm.answeredPerSecond.join(' ')}`,
    );
    log(
      `[storm] 503 + Retry-After answers (hashing queue full): ${storm.busyAnswers}; other failures ${JSON.stringify(storm.failures)}; network errors retried ${JSON.stringify(storm.networkErrorsRetried)}; server CPU ${storm.serverCpuPct}%, peak RSS ${storm.serverRssMiB} MiB`,
    );
    log(
      `[chat during the storm] delivery p50 ${busy.deliveryMs.p50} ms, p99 ${busy.deliveryMs.p99} ms, max ${busy.deliveryMs.max} ms, ack p99 ${busy.ackMs.p99} ms, lost ${busy.lost}`,
    );
    const chat = (s) => ({
      deliveryMs: s.deliveryMs,
      ackMs: s.ackMs,
      lost: s.lost,
      serverCpuPct: s.serverCpuPct,
    });
    Object.assign(results, { storm, chatAlone: chat(quiet), chatDuringStorm: chat(busy) });
  } finally {
    await generator.close();
    http.close();
    await atrio.stop();
    atrio.cleanup();
  }
  log();
  log(`${'logins/s'.padEnd(30)} ${results.storm.perSecond}`);
  log(
    `${'login latency p50 / p99'.padEnd(30)} ${results.storm.latencyMs.p50} / ${results.storm.latencyMs.p99} ms`,
  );
  log(`${'503 (queue full), retried'.padEnd(30)} ${results.storm.busyAnswers}`);
  log(
    `${'chat p99 alone / in the storm'.padEnd(30)} ${results.chatAlone.deliveryMs.p99} / ${results.chatDuringStorm.deliveryMs.p99} ms`,
  );
  results.loadAverageAtEnd = loadAverage();
  results.totalSeconds = round((performance.now() - started) / 1000);
  const out = join(root, 'bench/results/logins.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten: bench/results/logins.json (total ${results.totalSeconds} s)`);
}

/** Every login user logs in once, IN_FLIGHT at a time; a 503 is retried after its Retry-After. */
async function loginStorm(http, system) {
  const users = system.members.slice(CHAT_USERS);
  const server = sampleProcess(system.pid);
  let busyAnswers = 0;
  const failures = {};
  const networkErrors = {};
  const t0 = performance.now();
  const doneAt = [];
  const latencies = await mapLimit(users, IN_FLIGHT, async (user) => {
    const start = performance.now();
    for (;;) {
      let answer;
      try {
        answer = await http.call('POST', '/api/auth/login', {
          body: { username: user.username, password: system.password },
        });
      } catch (error) {
        // A kept-alive connection the server closed meanwhile (ECONNRESET): retried, like a browser.
        networkErrors[error.code ?? error.message] = (networkErrors[error.code ?? error.message] ?? 0) + 1;
        await sleep(100);
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) {
        doneAt.push(performance.now() - t0);
        return performance.now() - start;
      }
      if (answer.status === 503) {
        busyAnswers++;
        await sleep(1000 * Number(answer.headers['retry-after'] ?? 1));
        continue;
      }
      failures[answer.status] = (failures[answer.status] ?? 0) + 1;
      return null;
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const sampled = server.stop();
  const ok = latencies.filter((l) => l !== null);
  return {
    ok: ok.length,
    seconds: round(seconds, 2),
    perSecond: round(ok.length / seconds),
    latencyMs: { p50: pct(ok, 0.5), p99: pct(ok, 0.99), max: pct(ok, 1) },
    // How many logins were answered in each second of the storm: even, or all at the end?
    answeredPerSecond: Array.from(
      { length: Math.ceil(seconds) },
      (_, i) => doneAt.filter((at) => at >= i * 1000 && at < (i + 1) * 1000).length,
    ),
    busyAnswers,
    failures,
    networkErrorsRetried: networkErrors,
    serverCpuPct: round(sampled.cpuPct),
    serverRssMiB: round(sampled.rssMiB),
  };
}

main().then(
  () => process.exit(0),
  async (error) => {
    console.error(`bench failed: ${error?.stack ?? error}`);
    if (atrio) console.error(atrio.output().slice(-3000));
    await atrio?.stop().catch(() => undefined);
    atrio?.cleanup();
    process.exit(1);
  },
);
