#!/usr/bin/env node
// The connections suite (`npm run bench -- connections`): many idle authenticated sockets — RSS
// and CPU at rest, connect rate — then a reconnect storm: every client drops at once, messages are
// posted meanwhile, and all come back and `sync` each room from the last id they saw; the figure
// is the time until every client is caught up (and whether any missed or repeated a message).
// Knobs: BENCH_CONN_USERS (2000), BENCH_CONN_PER_USER (5 sockets per user, one session),
// BENCH_CONN_ROOMS (100), BENCH_CONN_CONCURRENCY (200 handshakes in flight), BENCH_REST_SECONDS
// (10), BENCH_STORM_MISSED (20 messages per room while everyone is away).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnSync } from 'node:child_process';
import { PINNING, loadAverage, pinSelf, rssMiB, sampleProcess } from '../lib/proc.mjs';
import { startSeededAtrio } from '../lib/seeded-atrio.mjs';
import { WireSocket } from '../lib/wire.mjs';
import { mapLimit } from '../lib/http.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USERS = Number(process.env.BENCH_CONN_USERS ?? 2000);
const PER_USER = Number(process.env.BENCH_CONN_PER_USER ?? 5);
const ROOMS = Number(process.env.BENCH_CONN_ROOMS ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONN_CONCURRENCY ?? 200);
const REST_SECONDS = Number(process.env.BENCH_REST_SECONDS ?? 10);
const MISSED = Number(process.env.BENCH_STORM_MISSED ?? 20);
const SOCKETS = USERS * PER_USER;
const TARGET_RSS_MIB = 1024;

const log = (line = '') => console.log(line);
const now = () => performance.now();
const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
const pct = (values, q) => {
  const sorted = Float64Array.from(values).sort();
  return sorted.length
    ? round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)], 1)
    : NaN;
};
let atrio;

async function main() {
  const started = now();
  const { pinned } = pinSelf();
  const uptime = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  log(`connections suite — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  log(`machine load at start: ${uptime}`);
  log(pinned ? 'pinning: server on core 0, clients on core 1' : 'pinning: none');
  const perRoom = Math.ceil(USERS / ROOMS);
  // Users 0..USERS-1 are the clients (room r holds users r·perRoom…); users USERS+r are the writers.
  const rooms = Array.from({ length: ROOMS }, (_, r) => ({
    name: `conn room ${r + 1}`,
    memberIndexes: [
      USERS + r,
      ...Array.from({ length: perRoom }, (_, i) => r * perRoom + i).filter((i) => i < USERS),
    ],
  }));
  const settings = {
    // Twice the sockets: dropped connections still count until the server has seen them close.
    'network.connections': {
      maxPerAddress: Math.min(100_000, 2 * SOCKETS + 1000),
      maxTotal: Math.min(1_000_000, Math.max(15_000, 2 * SOCKETS + 1000)),
    },
    // The writers post the missed messages in a burst; clients keep the default message/event rates.
    'chat.limits': {
      maxSocketsPerUser: Math.max(30, PER_USER),
      maxSocketsPerSession: Math.max(10, PER_USER),
      messagesPerSecond: 1000,
      messageBurst: 1000,
    },
  };
  log(`[atrio] set-up: ${USERS} client users + ${ROOMS} writers, ${ROOMS} rooms of ${perRoom} (seeded)…`);
  atrio = await startSeededAtrio({ root, users: USERS + ROOMS, rooms, settings, log });
  if (PINNING) atrio.pin();
  log(`[atrio] pid ${atrio.pid}; set-up ${atrio.setupSeconds.toFixed(1)} s (not part of any figure)`);
  log(
    `[atrio] NOTE: settings raised for the run (all clients come from 127.0.0.1): ${JSON.stringify({
      'network.connections': atrio.settings['network.connections'],
      'chat.limits': settings['chat.limits'],
    })}`,
  );
  const results = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, uptimeAtStart: uptime },
    config: {
      users: USERS,
      perUser: PER_USER,
      sockets: SOCKETS,
      rooms: ROOMS,
      concurrency: CONCURRENCY,
      restSeconds: REST_SECONDS,
      missed: MISSED,
    },
    settings: atrio.settings,
  };
  const takeFailures = () => {
    const taken = { ...failures };
    for (const key of Object.keys(failures)) delete failures[key];
    return taken;
  };
  const roomOf = (userIndex) => Math.floor(userIndex / perRoom);
  const roomIds = rooms.map((spec) => atrio.roomIds[spec.name]);

  // Clients: PER_USER sockets per user on the user's one session, each tracking the last id it saw.
  const clients = [];
  for (let u = 0; u < USERS; u++)
    for (let s = 0; s < PER_USER; s++) clients.push({ user: u, room: roomOf(u), lastSeen: 0, socket: null });
  let events = 0;
  const eventCounts = {};
  const track = (client) => (text) => {
    events++;
    const name = text.slice(4, text.indexOf('"', 4));
    eventCounts[name] = (eventCounts[name] ?? 0) + 1;
    if (name === 'message:new') {
      const id = Number(/"id":(\d+)/.exec(text)?.[1] ?? 0);
      if (id > client.lastSeen) client.lastSeen = id;
    }
  };
  // Like a real client: a failed attempt (the server's guard closes a connection whose TLS
  // handshake and first request take longer than network.connections.firstRequestSeconds) is
  // retried after a random 0.5–1.5 s; failures are counted by reason.
  const failures = {};
  const open = async (client) => {
    const t0 = now();
    for (let attempt = 1; ; attempt++) {
      const socket = new WireSocket(atrio.url, {
        ca: atrio.ca,
        auth: { token: atrio.members[client.user].token },
        onEvent: track(client),
      });
      try {
        await socket.connect(60_000);
        client.socket = socket;
        return now() - t0;
      } catch (error) {
        failures[error.message] = (failures[error.message] ?? 0) + 1;
        if (attempt >= 20) throw error;
        await sleep(500 + Math.random() * 1000);
      }
    }
  };

  try {
    const idle = sampleProcess(atrio.pid);
    await sleep(3000);
    const before = idle.stop();
    log(`\n[idle, no clients] server RSS ${round(before.rssMiB)} MiB, CPU ${round(before.cpuPct)}%`);

    // Writers: one per room, connected for the whole run.
    const writers = await mapLimit(roomIds, 50, async (roomId, r) => {
      const socket = new WireSocket(atrio.url, {
        ca: atrio.ca,
        auth: { token: atrio.members[USERS + r].token },
      });
      await socket.connect(60_000);
      return { roomId, socket, last: 0 };
    });

    // 1. Connect every client.
    log(`[connect] ${SOCKETS} sockets (${USERS} users × ${PER_USER}), ${CONCURRENCY} handshakes in flight…`);
    const during = sampleProcess(atrio.pid);
    const cpu0 = process.cpuUsage();
    const t0 = now();
    const connectMs = await mapLimit(clients, CONCURRENCY, open);
    const connectSeconds = (now() - t0) / 1000;
    const connecting = during.stop();
    const cpu = process.cpuUsage(cpu0);
    const connect = {
      sockets: SOCKETS,
      seconds: round(connectSeconds),
      perSecond: Math.round(SOCKETS / connectSeconds),
      handshakeMs: { p50: pct(connectMs, 0.5), p99: pct(connectMs, 0.99), max: pct(connectMs, 1) },
      serverCpuPct: round(connecting.cpuPct),
      clientsCpuPct: round(((cpu.user + cpu.system) / 1e4 / connectSeconds) * 1),
      eventsReceived: { ...eventCounts },
      failedAttempts: takeFailures(),
    };
    log(
      `[connect] ${connect.perSecond} sockets/s (${connect.seconds} s), handshake+auth p50 ${connect.handshakeMs.p50} ms p99 ${connect.handshakeMs.p99} ms, server CPU ${connect.serverCpuPct}%, clients' CPU ${connect.clientsCpuPct}%; events pushed meanwhile: ${JSON.stringify(eventCounts)}; failed attempts (retried): ${JSON.stringify(connect.failedAttempts)}`,
    );

    // 2. At rest.
    await sleep(3000);
    const eventsAtRest = events;
    const rest = sampleProcess(atrio.pid);
    const generatorRss = rssMiB(process.pid);
    await sleep(REST_SECONDS * 1000);
    const resting = rest.stop();
    const atRest = {
      serverRssMiB: round(resting.rssMiB),
      rssPerSocketKiB: round(((resting.rssMiB - before.rssMiB) * 1024) / SOCKETS),
      serverCpuPct: round(resting.cpuPct, 2),
      eventsPerSecond: round((events - eventsAtRest) / REST_SECONDS),
      generatorRssMiB: round(generatorRss),
      targetMet: resting.rssMiB < TARGET_RSS_MIB,
    };
    log(
      `[at rest] ${SOCKETS} sockets: server RSS ${atRest.serverRssMiB} MiB (${atRest.rssPerSocketKiB} KiB per socket over the idle server), CPU ${atRest.serverCpuPct}% over ${REST_SECONDS} s — target < ${TARGET_RSS_MIB} MiB: ${atRest.targetMet ? 'MET' : 'NOT MET'}`,
    );

    // 3. Reconnect storm: every client sees one message first (its cursor), then all drop.
    await Promise.all(writers.map((w, r) => send(w, `storm cursor ${r}`)));
    await waitFor(() => clients.every((c) => c.lastSeen >= writers[c.room].last), 30_000);
    for (const client of clients) client.socket.terminate();
    await sleep(2000);
    await Promise.all(
      writers.map(async (w) => {
        for (let i = 0; i < MISSED; i++) await send(w, `missed ${i}`);
      }),
    );
    log(
      `[storm] every client dropped; ${MISSED} messages posted to each room meanwhile; all reconnect and sync…`,
    );
    const storm = sampleProcess(atrio.pid);
    const stormCpu0 = process.cpuUsage();
    const s0 = now();
    let retries = 0;
    const gaps = [];
    const caughtUpMs = await mapLimit(clients, CONCURRENCY, async (client) => {
      const afterId = client.lastSeen;
      await open(client);
      const roomId = roomIds[client.room];
      for (;;) {
        const answer = await client.socket.request('sync', { roomId, afterId }, 60_000);
        if (answer?.ok) {
          const ids = answer.messages.map((m) => m.id);
          if (ids.length !== MISSED || ids.at(-1) !== writers[client.room].last)
            gaps.push({ afterId, got: ids.length });
          break;
        }
        if (answer?.error?.code !== 'RATE_LIMITED') throw new Error(`sync failed: ${JSON.stringify(answer)}`);
        retries++;
        await sleep(250);
      }
      return now() - s0;
    });
    const stormed = storm.stop();
    const stormCpu = process.cpuUsage(stormCpu0);
    const reconnect = {
      allCaughtUpSeconds: round(Math.max(...caughtUpMs) / 1000, 2),
      caughtUpMs: { p50: pct(caughtUpMs, 0.5), p99: pct(caughtUpMs, 0.99) },
      syncRetriesRateLimited: retries,
      clientsWithGapOrExtra: gaps.length,
      serverCpuPct: round(stormed.cpuPct),
      serverPeakRssMiB: round(stormed.rssMiB),
      clientsCpuPct: round((stormCpu.user + stormCpu.system) / 1e4 / (Math.max(...caughtUpMs) / 1000)),
      failedAttempts: takeFailures(),
    };
    log(
      `[storm] all ${SOCKETS} clients caught up in ${reconnect.allCaughtUpSeconds} s (p50 ${reconnect.caughtUpMs.p50} ms, p99 ${reconnect.caughtUpMs.p99} ms after the storm began); sync retries after RATE_LIMITED ${retries}; clients with a gap or extra ${gaps.length}; server CPU ${reconnect.serverCpuPct}%, clients' CPU ${reconnect.clientsCpuPct}%, peak RSS ${reconnect.serverPeakRssMiB} MiB; failed attempts (retried): ${JSON.stringify(reconnect.failedAttempts)}`,
    );
    Object.assign(results, { idle: { serverRssMiB: round(before.rssMiB) }, connect, atRest, reconnect });
    for (const client of clients) client.socket.close();
    for (const w of writers) w.socket.close();
  } finally {
    await atrio.stop();
    atrio.cleanup();
  }
  printTable(results);
  results.loadAverageAtEnd = loadAverage();
  results.totalSeconds = round((now() - started) / 1000);
  const out = join(root, 'bench/results/connections.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten: bench/results/connections.json (total ${results.totalSeconds} s)`);
}

async function send(writer, body) {
  for (;;) {
    const answer = await writer.socket.request('message:send', {
      roomId: writer.roomId,
      body,
      clientMsgId: `${body}.${Math.random().toString(36).slice(2)}`,
    });
    if (answer?.ok) {
      writer.last = answer.message.id;
      return;
    }
    if (answer?.error?.code !== 'RATE_LIMITED')
      throw new Error(`writer send failed: ${JSON.stringify(answer)}`);
    await sleep(1000 * (answer.error.details?.retryAfterSeconds ?? 1));
  }
}

async function waitFor(condition, timeoutMs) {
  const deadline = now() + timeoutMs;
  while (!condition()) {
    if (now() > deadline) throw new Error('timed out waiting for every client to see its cursor message');
    await sleep(50);
  }
}

function printTable(r) {
  const rows = [
    ['sockets (users × per user)', `${r.config.sockets} (${r.config.users} × ${r.config.perUser})`],
    ['server RSS idle, no clients', `${r.idle.serverRssMiB} MiB`],
    [
      'connect rate',
      `${r.connect.perSecond}/s (${r.connect.seconds} s; handshake p50 ${r.connect.handshakeMs.p50} / p99 ${r.connect.handshakeMs.p99} ms)`,
    ],
    [
      'server RSS at rest',
      `${r.atRest.serverRssMiB} MiB (${r.atRest.rssPerSocketKiB} KiB/socket) — target < 1 GiB ${r.atRest.targetMet ? 'MET' : 'NOT MET'}`,
    ],
    ['server CPU at rest', `${r.atRest.serverCpuPct}%`],
    [
      'reconnect storm: all caught up',
      `${r.reconnect.allCaughtUpSeconds} s (p50 ${r.reconnect.caughtUpMs.p50} ms, p99 ${r.reconnect.caughtUpMs.p99} ms)`,
    ],
    ['  sync retried (RATE_LIMITED)', String(r.reconnect.syncRetriesRateLimited)],
    ['  clients with a gap or extra', String(r.reconnect.clientsWithGapOrExtra)],
    ['  server CPU / peak RSS', `${r.reconnect.serverCpuPct}% / ${r.reconnect.serverPeakRssMiB} MiB`],
  ];
  log();
  for (const [k, v] of rows) log(`${k.padEnd(34)} ${v}`);
}

main().then(
  () => process.exit(0),
  async (error) => {
    console.error(`bench failed: ${error?.stack ?? error}`);
    if (atrio) console.error(atrio.output().slice(-3000));
    try {
      console.error(readFileSync(join(atrio.dataDir, 'logs', 'current.log'), 'utf8').slice(-3000));
    } catch {
      /* no log */
    }
    await atrio?.stop().catch(() => undefined);
    atrio?.cleanup();
    process.exit(1);
  },
);
