#!/usr/bin/env node
// `npm run bench`: chat throughput of the built Atrio server against a bare Socket.IO-over-TLS
// broadcast server (no auth, no storage: the ceiling of our stack), driven by one open-loop load
// generator. Not a test: it prints a table per system and workload, each workload's knee (highest
// rate with p99 delivery ≤ 25 ms and nothing lost) and the ratio Atrio / baseline, and writes the
// same to bench/results/fanout.json.
//
// The server under test runs on core 0 and this generator on core 1 when the machine has two
// cores. Atrio's per-user limits are raised through its `chat.limits` setting (as an administrator
// would), which the output says; nothing else differs from production.
//
// Environment knobs: BENCH_STEPS (offered deliveries/s, comma separated), BENCH_STEP_SECONDS,
// BENCH_DRAIN_SECONDS, BENCH_WARMUP_SECONDS, BENCH_SYSTEMS (atrio,baseline), BENCH_WORKLOADS
// (1x100,10x50), BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_NICE
// (e.g. -10: scheduling priority of the servers and the generator on a busy shared machine).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectWorkload, disconnectAll, runSteps } from '../lib/load.mjs';
import { NICE, PINNING, pinSelf } from '../lib/proc.mjs';
import { BENCH_CHAT_LIMITS, startAtrio, startBaseline } from '../lib/systems.mjs';
import { setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const list = (name, fallback) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const STEPS = list('BENCH_STEPS', '1000,2500,5000,10000,15000,20000,30000,40000,60000').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 5);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SYSTEMS = list('BENCH_SYSTEMS', 'atrio,baseline');
const KNEE_P99_MS = 25;
const TARGET = { workload: '10x50', deliveriesPerSec: 30_000 };

const WORKLOADS = [
  {
    name: '1x100',
    title: '1 room × 100 members',
    rooms: [{ name: 'bench 1x100', memberIndexes: range(0, 100) }],
  },
  {
    name: '10x50',
    title: '10 rooms × 50 members',
    rooms: Array.from({ length: 10 }, (_, r) => ({
      name: `bench 10x50 #${r + 1}`,
      memberIndexes: range(r * 50, 50),
    })),
  },
].filter((w) => list('BENCH_WORKLOADS', '1x100,10x50').includes(w.name));
const USERS = Math.max(...WORKLOADS.flatMap((w) => w.rooms.flatMap((r) => r.memberIndexes))) + 1;
const ROOM_SPECS = WORKLOADS.flatMap((w) => w.rooms);

function range(start, count) {
  return Array.from({ length: count }, (_, i) => start + i);
}

const log = (line = '') => console.log(line);
const running = new Set();
let atrio; // kept until the end: the baseline serves its certificate, and its folder is removed last
const cleanupAndExit = async (code) => {
  for (const system of running) await system.stop().catch(() => undefined);
  atrio?.cleanup();
  process.exit(code);
};
process.on('SIGINT', () => void cleanupAndExit(130));
process.on('SIGTERM', () => void cleanupAndExit(143));

async function main() {
  const started = performance.now();
  const { pinned, niced } = pinSelf();
  log(`chat throughput benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  log(
    pinned
      ? 'pinning: server under test on core 0 (taskset), load generator on core 1'
      : `pinning: none (${PINNING ? 'taskset failed' : 'fewer than two cores or no taskset'})`,
  );
  if (NICE !== undefined)
    log(
      `priority: nice ${NICE} for the servers and the generator${niced ? '' : ' (renice of the generator FAILED)'}`,
    );
  log(
    `steps: offered deliveries/s ${STEPS.join(', ')}; ${STEP_SECONDS} s each after a ${WARMUP_SECONDS} s warm-up, drain ≤ ${DRAIN_SECONDS} s`,
  );
  log(
    `knee: highest step with p99 delivery ≤ ${KNEE_P99_MS} ms, no lost delivery and no failed ack; a step with p99 > 250 ms or loss > 1 % ends the workload`,
  );
  log(
    'columns: offered deliveries/s (messages/s × members), messages/s, deliveries received/s, delivery latency (send → message:new at each member)',
  );
  log(
    '  and ack latency (send → ack) percentiles in ms, deliveries lost, failed acks, server CPU % of its core, share of time its',
  );
  log('  main thread was blocked on the disk (D state: fsync), peak RSS (MiB),');
  log(
    '  generator CPU %, generator lag p99 (ms behind its send schedule), run-queue wait % of server/generator main threads',
  );
  log(
    '  (other work on their cores), other server events per delivery (receipts, presence…), which side was CPU-bound (≥ 90 %)',
  );
  log();

  const results = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    pinned,
    nice: NICE ?? 0,
    config: {
      steps: STEPS,
      stepSeconds: STEP_SECONDS,
      drainSeconds: DRAIN_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      kneeP99Ms: KNEE_P99_MS,
    },
    systems: {},
  };

  try {
    if (SYSTEMS.includes('atrio')) {
      log(
        `[atrio] starting dist/apps/api/src/main.js and setting up ${USERS} users, ${ROOM_SPECS.length} rooms…`,
      );
      atrio = await startAtrio({ root, users: USERS, rooms: ROOM_SPECS, log });
      running.add(atrio);
      log(`[atrio] server pid ${atrio.pid} at ${atrio.url}`);
      log(
        `[atrio] set-up took ${atrio.setupSeconds.toFixed(1)} s (users with password change: ${atrio.usersSeconds.toFixed(1)} s) — not part of any figure below`,
      );
      if (PINNING)
        log(
          `[atrio] server ${atrio.pin() ? 'now pinned to core 0 (taskset -a -p 0) for the measurements' : 'could NOT be pinned to core 0'}`,
        );
      log(
        `[atrio] NOTE: per-user limits raised for the benchmark through the chat.limits setting: ${JSON.stringify(BENCH_CHAT_LIMITS)}`,
      );
      results.setup = {
        users: USERS,
        rooms: ROOM_SPECS.length,
        seconds: round(atrio.setupSeconds),
        usersSeconds: round(atrio.usersSeconds),
        chatLimits: BENCH_CHAT_LIMITS,
      };
    } else {
      // Baseline only: Atrio is started just to generate the certificate both systems serve.
      atrio = await startAtrio({ root, setup: false, log });
      running.add(atrio);
    }
    if (SYSTEMS.includes('atrio')) {
      results.systems.atrio = await measure(atrio);
    }
    await atrio?.stop();
    running.delete(atrio);
    if (results.systems.atrio) {
      // Every acknowledged message must be in the database once the server has stopped.
      const stored = atrio.countStoredBenchMessages();
      const acked = results.systems.atrio.ackedOk;
      results.durability = { acked, stored, ok: stored >= acked };
      log(
        `\n[atrio] durability: ${acked} messages acknowledged, ${stored} bench messages in the database after shutdown — ${stored >= acked ? 'every ack is stored' : 'ACKED MESSAGES MISSING'}`,
      );
    }
    if (SYSTEMS.includes('baseline')) {
      log(`[baseline] starting bench/baseline-server.mjs (bare socket.io on node:https, same certificate)…`);
      const baseline = await startBaseline({
        root,
        certPath: atrio.certPath,
        keyPath: atrio.keyPath,
        users: USERS,
        rooms: ROOM_SPECS,
      });
      running.add(baseline);
      log(`[baseline] server pid ${baseline.pid} at ${baseline.url}`);
      try {
        results.systems.baseline = await measure(baseline);
      } finally {
        await baseline.stop();
        running.delete(baseline);
      }
    }
  } catch (error) {
    for (const system of running) {
      console.error(`--- last output of ${system.name} ---\n${system.output().slice(-4000)}`);
      await system.stop().catch(() => undefined);
    }
    throw error;
  } finally {
    atrio?.cleanup();
  }

  summarise(results);
  results.totalSeconds = round((performance.now() - started) / 1000);
  const out = join(root, 'bench/results/fanout.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten: bench/results/fanout.json (total ${results.totalSeconds} s)`);
}

async function measure(system) {
  const byWorkload = {};
  let acked = 0;
  for (const workload of WORKLOADS) {
    const rooms = workload.rooms.map((spec) => ({
      id: system.roomIds[spec.name],
      members: spec.memberIndexes.map((i) => system.members[i]),
    }));
    const live = { name: workload.name, rooms };
    const t0 = performance.now();
    const sockets = await connectWorkload(system, live);
    log(
      `\n[${system.name}] ${workload.title}: ${sockets.size} sockets connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    log(header());
    try {
      const { steps, ackedOk } = await runSteps(system, live, sockets, {
        steps: STEPS,
        stepSeconds: STEP_SECONDS,
        drainSeconds: DRAIN_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        onStep: (step) => log(row(step)),
      });
      byWorkload[workload.name] = { title: workload.title, steps, knee: knee(steps) };
      await new Promise((r) => setTimeout(r, 1000)); // last acks
      acked += ackedOk();
    } finally {
      disconnectAll(sockets);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  Object.defineProperty(byWorkload, 'ackedOk', { value: acked, enumerable: false });
  return byWorkload;
}

/**
 * The highest step with p99 delivery ≤ 25 ms, nothing lost and every ack ok. A failing step below
 * it (a latency spike from other work on the machine) is reported, not taken as the knee.
 */
function knee(steps) {
  const passes = (step) =>
    step.deliveryMs.p99 <= KNEE_P99_MS &&
    step.lost === 0 &&
    Object.values(step.ackErrors).reduce((a, b) => a + b, 0) === 0;
  const best = steps.filter(passes).at(-1) ?? null;
  const index = best ? steps.indexOf(best) : -1;
  const failing = steps[index + 1];
  const limit = failing
    ? {
        offeredDeliveriesPerSec: failing.offeredDeliveriesPerSec,
        p99Ms: failing.deliveryMs.p99,
        lost: failing.lost,
        serverCpuPct: failing.serverCpuPct,
        generatorCpuPct: failing.generatorCpuPct,
        bound: boundBy(failing),
      }
    : null;
  const failedBelow = steps
    .slice(0, Math.max(0, index))
    .filter((step) => !passes(step))
    .map((step) => step.offeredDeliveriesPerSec);
  return best
    ? {
        limit,
        failedBelow,
        offeredDeliveriesPerSec: best.offeredDeliveriesPerSec,
        deliveriesPerSec: best.deliveriesPerSec,
        p99Ms: best.deliveryMs.p99,
        topStep: best === steps.at(-1) && steps.length === STEPS.length,
      }
    : { offeredDeliveriesPerSec: 0, deliveriesPerSec: 0, limit, failedBelow, none: true };
}

function summarise(results) {
  const { atrio, baseline } = results.systems;
  results.knees = {};
  log(`\nknees (highest step with p99 delivery ≤ ${KNEE_P99_MS} ms, nothing lost, every ack ok):`);
  const fmt = (k) =>
    k.none
      ? 'none (fails at the first step)'
      : `${k.topStep ? '≥ ' : ''}${k.offeredDeliveriesPerSec.toLocaleString('en')} deliveries/s (p99 ${k.p99Ms} ms)` +
        (k.failedBelow.length ? ` [step(s) ${k.failedBelow.join(', ')} below it failed]` : '');
  const why = (k) =>
    k.limit
      ? `next step ${k.limit.offeredDeliveriesPerSec.toLocaleString('en')}/s: p99 ${k.limit.p99Ms} ms, lost ${k.limit.lost}, server CPU ${k.limit.serverCpuPct}%, generator CPU ${k.limit.generatorCpuPct}%${k.limit.bound === '-' ? '' : ` (${k.limit.bound} CPU-bound)`}`
      : 'every step passed';
  for (const workload of WORKLOADS) {
    const a = atrio?.[workload.name]?.knee;
    const b = baseline?.[workload.name]?.knee;
    const ratio = a && b && !b.none ? a.offeredDeliveriesPerSec / b.offeredDeliveriesPerSec : null;
    results.knees[workload.name] = {
      atrio: a ?? null,
      baseline: b ?? null,
      ratio: ratio === null ? null : round(ratio, 3),
    };
    log(`  ${workload.title}`);
    if (a) log(`    atrio:    ${fmt(a)} — ${why(a)}`);
    if (b) log(`    baseline: ${fmt(b)} — ${why(b)}`);
    if (a && b)
      log(
        `    atrio / baseline = ${ratio === null ? 'n/a' : ratio.toFixed(2)}${b.topStep ? ' (baseline never failed: an upper bound)' : ''}`,
      );
  }
  const waits = Object.values(results.systems)
    .flatMap((byWorkload) => Object.values(byWorkload))
    .flatMap((w) => w.steps)
    .flatMap((step) => [step.serverRunQueueWaitPct, step.generatorRunQueueWaitPct])
    .filter(Number.isFinite);
  const worst = Math.max(0, ...waits);
  results.interference = { worstRunQueueWaitPct: worst };
  if (worst > 10) {
    log(
      `WARNING: other work (other processes, or a server's own helper threads) delayed the benchmark's main threads (run-queue wait up to ${worst}% of a step): latencies are`,
    );
    log(
      '  pessimistic and knees low. Rerun on an idle machine, or give the benchmark priority with BENCH_NICE=-10 (needs root).',
    );
  }
  if (atrio?.[TARGET.workload]) {
    const k = atrio[TARGET.workload].knee;
    const met = k.offeredDeliveriesPerSec >= TARGET.deliveriesPerSec;
    results.target = { ...TARGET, met };
    log(
      `target: ${TARGET.workload} knee ≥ ${TARGET.deliveriesPerSec.toLocaleString('en')} deliveries/s with every message durable before its ack — ${met ? 'MET' : 'NOT MET'}`,
    );
  }
}

const COLUMNS = [
  ['offered/s', 9],
  ['msg/s', 6],
  ['deliv/s', 7],
  ['deliv p50', 9],
  ['p95', 7],
  ['p99', 7],
  ['ack p50', 8],
  ['p95', 7],
  ['p99', 7],
  ['lost', 7],
  ['ack err', 8],
  ['srv CPU%', 8],
  ['srv D%', 6],
  ['srv RSS', 7],
  ['gen CPU%', 8],
  ['lag p99', 7],
  ['wait% s/g', 9],
  ['other/d', 7],
  ['bound', 7],
];
function header() {
  return `${COLUMNS.map(([name, w]) => name.padStart(w)).join(' ')}\n${COLUMNS.map(([, w]) => '-'.repeat(w)).join(' ')}   (latencies in ms, RSS in MiB)`;
}
function row(s) {
  const errors = Object.values(s.ackErrors).map(String);
  const cells = [
    s.offeredDeliveriesPerSec,
    s.offeredMessagesPerSec,
    s.deliveriesPerSec,
    s.deliveryMs.p50,
    s.deliveryMs.p95,
    s.deliveryMs.p99,
    s.ackMs.p50,
    s.ackMs.p95,
    s.ackMs.p99,
    s.lost,
    errors.length ? errors.join('+') : 0,
    s.serverCpuPct,
    Math.round(s.serverDiskWaitPct),
    Math.round(s.serverRssMiB),
    s.generatorCpuPct,
    s.generatorLagMs.p99,
    `${Math.round(s.serverRunQueueWaitPct)}/${Math.round(s.generatorRunQueueWaitPct)}`,
    s.otherEventsPerDelivery,
    boundBy(s),
  ];
  const text = cells.map((c, i) => String(c).padStart(COLUMNS[i][1])).join(' ');
  const codes = Object.keys(s.ackErrors);
  return codes.length ? `${text}  ack errors: ${JSON.stringify(s.ackErrors)}` : text;
}

/** Which side ran out of CPU in a step (≥ 90 % of its core), if any. */
function boundBy(s) {
  const sides = [s.serverCpuPct >= 90 && 'server', s.generatorCpuPct >= 90 && 'gen'].filter(Boolean);
  return sides.length ? sides.join('+') : '-';
}

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
