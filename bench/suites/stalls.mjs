#!/usr/bin/env node
// The sporadic-stalls suite (`npm run bench -- stalls`): a steady chat load below the knee
// (BENCH_STALL_RATE deliveries/s, 10 rooms × 50, for BENCH_STALL_SECONDS) against a server that
// carries bench/lib/server-probe.mjs (GC pauses per thread, event-loop delay, every commit batch
// of the SQLite commit thread and its WAL restarts). Messages are grouped by send time in 100 ms
// windows; a window whose worst delivery exceeds BENCH_STALL_MS (40) is a stall, and each stall is
// set beside what happened in the server then: GC, a long commit (fsync, a WAL checkpoint), event
// loop delay without GC (synchronous work), run-queue wait of the server's main thread or of the
// generator (other work on the machine took the core), or the minute tick of the schedulers.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { setInterval, clearInterval } from 'node:timers';
import { PINNING, loadAverage, pinSelf, runQueueWaitMs } from '../lib/proc.mjs';
import { BENCH_CHAT_LIMITS } from '../lib/systems.mjs';
import { startSeededAtrio } from '../lib/seeded-atrio.mjs';
import { startGenerator } from '../lib/generator.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RATE = Number(process.env.BENCH_STALL_RATE ?? 20_000);
const SECONDS = Number(process.env.BENCH_STALL_SECONDS ?? 60);
const STALL_MS = Number(process.env.BENCH_STALL_MS ?? 40);
const WINDOW_MS = 100;

const log = (line = '') => console.log(line);
const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
let atrio;

async function main() {
  const started = performance.now();
  const { pinned } = pinSelf();
  const uptime = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  log(`stalls suite — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  log(`machine load at start: ${uptime}`);
  log(pinned ? 'pinning: server on core 0, generator on core 1' : 'pinning: none');
  const probeFile = join(tmpdir(), `bench-probe-${process.pid}.jsonl`);
  rmSync(probeFile, { force: true });
  process.env.BENCH_PROBE_FILE = probeFile;
  const probe = `--import=${new URL('../lib/server-probe.mjs', import.meta.url).href}`;
  process.env.BENCH_SERVER_NODE_ARGS = [process.env.BENCH_SERVER_NODE_ARGS, probe].filter(Boolean).join(' ');
  const rooms = Array.from({ length: 10 }, (_, r) => ({
    name: `stall ${r + 1}`,
    memberIndexes: Array.from({ length: 50 }, (_, i) => r * 50 + i),
  }));
  atrio = await startSeededAtrio({
    root,
    users: 500,
    rooms,
    settings: { 'chat.limits': BENCH_CHAT_LIMITS },
    log,
  });
  if (PINNING) atrio.pin();
  log(`[atrio] pid ${atrio.pid} with bench/lib/server-probe.mjs; set-up ${atrio.setupSeconds.toFixed(1)} s`);
  const live = {
    name: 'stalls',
    rooms: rooms.map((spec) => ({
      id: atrio.roomIds[spec.name],
      members: spec.memberIndexes.map((i) => atrio.members[i]),
    })),
  };
  const generator = await startGenerator(atrio, live, { shards: 1 });
  const waits = [];
  let step;
  try {
    await generator.step({ offeredDeliveries: RATE, seconds: 3, drainSeconds: 2, warmup: true });
    log(`[load] ${RATE} deliveries/s on 10 rooms × 50 for ${SECONDS} s…`);
    // Run-queue wait of the server's main thread and of this process's threads, every 100 ms.
    const sampleWaits = () => ({
      t: performance.timeOrigin + performance.now(),
      server: runQueueWaitMs(atrio.pid),
      self: selfWaitMs(),
    });
    let previous = sampleWaits();
    const timer = setInterval(() => {
      const now = sampleWaits();
      waits.push({
        t: now.t,
        serverMs: now.server - previous.server,
        generatorMs: worstThreadDelta(previous.self, now.self),
      });
      previous = now;
    }, WINDOW_MS);
    try {
      step = await generator.step({ key: 1, offeredDeliveries: RATE, seconds: SECONDS, drainSeconds: 3 });
    } finally {
      clearInterval(timer);
    }
  } finally {
    await generator.close();
    await atrio.stop();
    atrio.cleanup();
  }
  const events = readFileSync(probeFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  rmSync(probeFile, { force: true });
  const results = analyse(step, events, waits);
  results.startedAt = new Date().toISOString();
  results.machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    node: process.version,
    uptimeAtStart: uptime,
  };
  results.config = { deliveriesPerSec: RATE, seconds: SECONDS, stallMs: STALL_MS, windowMs: WINDOW_MS };
  results.loadAverageAtEnd = loadAverage();
  results.totalSeconds = round((performance.now() - started) / 1000);
  const out = join(root, 'bench/results/stalls.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten: bench/results/stalls.json (total ${results.totalSeconds} s)`);
}

/** Run-queue wait so far of each thread of this process (the generator's shard among them), ms. */
function selfWaitMs() {
  const byThread = new Map();
  for (const task of readdirSync('/proc/self/task')) {
    try {
      byThread.set(
        task,
        Number(readFileSync(`/proc/self/task/${task}/schedstat`, 'utf8').split(' ')[1]) / 1e6,
      );
    } catch {
      /* gone */
    }
  }
  return byThread;
}

/** The largest increase of any one thread between two selfWaitMs() readings. */
function worstThreadDelta(before, after) {
  let worst = 0;
  for (const [task, ms] of after) worst = Math.max(worst, ms - (before.get(task) ?? ms));
  return worst;
}

function analyse(step, events, waits) {
  // Windows by send time: worst delivery latency and count.
  const windows = new Map();
  for (const { latency, sentAt } of step.deliveries) {
    for (let i = 0; i < latency.length; i++) {
      const w = Math.floor(sentAt[i] / WINDOW_MS);
      const cell = windows.get(w) ?? { worst: 0, n: 0 };
      cell.worst = Math.max(cell.worst, latency[i]);
      cell.n++;
      windows.set(w, cell);
    }
  }
  const keys = [...windows.keys()].sort((a, b) => a - b);
  const stalls = keys.filter((w) => windows.get(w).worst > STALL_MS);
  const within = (list, from, to) => list.filter((e) => e.t >= from && e.t < to);
  const gcMain = events.filter((e) => e.k === 'gc' && e.th === 'main');
  const gcWorkers = events.filter((e) => e.k === 'gc' && e.th !== 'main');
  const loops = events.filter((e) => e.k === 'loop');
  const commits = events.filter((e) => e.k === 'commit');
  const describe = (w) => {
    // What happened from the window's start to its worst delivery's arrival (≤ window + worst).
    const from = w * WINDOW_MS;
    const to = from + WINDOW_MS + windows.get(w).worst;
    const gc = within(gcMain, from - 50, to);
    const loop = within(loops, from, to + WINDOW_MS);
    const commit = within(commits, from - 100, to);
    const wait = within(waits, from, to + WINDOW_MS);
    const second = new Date(from).getUTCSeconds() + (from % 1000) / 1000;
    return {
      at: new Date(from).toISOString(),
      worstMs: round(windows.get(w).worst),
      gcMainMs: round(gc.reduce((n, e) => n + e.ms, 0)),
      gcMainMaxMs: round(Math.max(0, ...gc.map((e) => e.ms))),
      gcMainKinds: [...new Set(gc.map((e) => e.kind))],
      loopDelayMaxMs: round(Math.max(0, ...loop.map((e) => e.maxMs))),
      commitMaxMs: round(Math.max(0, ...commit.map((e) => e.ms))),
      walRestart: commit.some((e) => e.walReset),
      serverWaitMs: round(wait.reduce((n, e) => n + e.serverMs, 0)),
      generatorWaitMs: round(wait.reduce((n, e) => n + e.generatorMs, 0)),
      nearMinuteTick: second < 1 || second > 59.5,
    };
  };
  const rows = stalls.map(describe);
  for (const r of rows) r.cause = cause(r);
  // Evidence: how often each signal is present in stall windows against calm ones.
  const calm = keys.filter((w) => windows.get(w).worst <= STALL_MS).map(describe);
  const SIGNALS = {
    'server run-queue wait ≥ 20 ms': (r) => r.serverWaitMs >= 20,
    'generator run-queue wait ≥ 20 ms': (r) => r.generatorWaitMs >= 20,
    'main-thread GC pause ≥ 10 ms': (r) => r.gcMainMaxMs >= 10,
    'commit batch ≥ 20 ms': (r) => r.commitMaxMs >= 20,
    'WAL restart (checkpoint)': (r) => r.walRestart,
    'event-loop delay ≥ 20 ms': (r) => r.loopDelayMaxMs >= 20,
  };
  const share = (list, test) => (list.length ? round((100 * list.filter(test).length) / list.length) : NaN);
  const signals = Object.fromEntries(
    Object.entries(SIGNALS).map(([name, test]) => [
      name,
      { stallPct: share(rows, test), calmPct: share(calm, test) },
    ]),
  );
  const byCause = {};
  for (const r of rows) byCause[r.cause] = (byCause[r.cause] ?? 0) + 1;

  // Background: how often each candidate happens at all (a cause must be rarer in calm windows).
  const seconds = step.seconds;
  const background = {
    gcMainPerSecond: round(gcMain.length / seconds, 1),
    gcMainOver10ms: gcMain.filter((e) => e.ms > 10).length,
    gcMainMaxMs: round(Math.max(0, ...gcMain.map((e) => e.ms))),
    gcWorkersMaxMs: round(Math.max(0, ...gcWorkers.map((e) => e.ms))),
    commitsPerSecond: round(commits.length / seconds, 1),
    commitP99Ms: percentile(
      commits.map((e) => e.ms),
      0.99,
    ),
    commitMaxMs: round(Math.max(0, ...commits.map((e) => e.ms))),
    commitsOver20ms: commits.filter((e) => e.ms > 20).length,
    walRestarts: commits.filter((e) => e.walReset).length,
    loopDelayOver20msWindows: loops.filter((e) => e.maxMs > 20).length,
    serverWaitOver20msWindows: waits.filter((e) => e.serverMs > 20).length,
    generatorWaitOver20msWindows: waits.filter((e) => e.generatorMs > 20).length,
  };
  log(
    `\n[load] delivery p50 ${step.deliveryMs.p50} ms, p99 ${step.deliveryMs.p99} ms, max ${step.deliveryMs.max} ms; lost ${step.lost}; server CPU ${step.serverCpuPct}%`,
  );
  log(
    `[windows] ${keys.length} windows of ${WINDOW_MS} ms, ${stalls.length} with a delivery over ${STALL_MS} ms`,
  );
  log(`[server] ${JSON.stringify(background)}`);
  if (commits.length === 0)
    log('[probe] no commit batches recorded: the probe did not reach the commit thread');
  log(`\n${'window (UTC)'.padEnd(25)} worst  gcMain(max)  loop  commit  WAL  srvWait genWait  cause`);
  for (const r of rows.slice(0, 40))
    log(
      `${r.at.padEnd(25)} ${String(r.worstMs).padStart(5)}  ${`${r.gcMainMs}(${r.gcMainMaxMs})`.padStart(11)}  ${String(r.loopDelayMaxMs).padStart(4)}  ${String(r.commitMaxMs).padStart(6)}  ${r.walRestart ? 'yes' : ' - '}  ${String(r.serverWaitMs).padStart(7)} ${String(r.generatorWaitMs).padStart(7)}  ${r.cause}`,
    );
  if (rows.length > 40) log(`… ${rows.length - 40} more in bench/results/stalls.json`);
  log(`\nstalls by most likely cause: ${JSON.stringify(byCause)}`);
  log(`signal present in stall windows vs calm windows (${rows.length} / ${calm.length}):`);
  for (const [name, v] of Object.entries(signals))
    log(`  ${name.padEnd(34)} ${String(v.stallPct).padStart(5)} % vs ${String(v.calmPct).padStart(5)} %`);
  return {
    delivery: step.deliveryMs,
    lost: step.lost,
    serverCpuPct: step.serverCpuPct,
    windows: keys.length,
    stallWindows: stalls.length,
    byCause,
    signals,
    background,
    stalls: rows,
  };
}

/** The first matching explanation, strongest evidence first. */
function cause(r) {
  if (r.serverWaitMs >= 20)
    return 'server waited for its core (other threads: its own GC helpers share it, see README "Stalls found")';
  if (r.generatorWaitMs >= 20) return 'generator waited for its core (other work)';
  if (r.gcMainMaxMs >= 10) return 'GC pause in the server main thread';
  if (r.commitMaxMs >= 20) return r.walRestart ? 'long commit with a WAL checkpoint' : 'long commit (fsync)';
  if (r.loopDelayMaxMs >= 20) return 'server event loop blocked (no GC): synchronous work';
  if (r.nearMinuteTick) return 'minute tick of the schedulers';
  return 'unexplained';
}

function percentile(values, q) {
  const sorted = Float64Array.from(values).sort();
  return sorted.length
    ? round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)], 2)
    : NaN;
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
