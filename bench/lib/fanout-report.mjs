// The fanout suite's arithmetic and table: the median of several runs of a step, the knee, rows.

export const KNEE_P99_MS = 25;

const errorCount = (step) => Object.values(step.ackErrors).reduce((a, b) => a + b, 0);

/** A run passes: p99 delivery ≤ 25 ms, nothing lost, every ack ok. */
export const passes = (step) =>
  step.deliveryMs.p99 <= KNEE_P99_MS && step.lost === 0 && errorCount(step) === 0;

/** A run fails hard (ends the workload): p99 > 250 ms or more than 1 % lost. */
export const failsHard = (step) => step.deliveryMs.p99 > 250 || step.lossPct > 1;

/**
 * The median run of a step: runs ordered by p99 delivery, a run that lost deliveries or acks
 * counting as worst; with three runs, the step passes when two of them do.
 */
export function medianRun(runs) {
  const score = (s) => (s.lost > 0 || errorCount(s) > 0 ? Infinity : s.deliveryMs.p99);
  const ordered = [...runs].sort((a, b) => score(a) - score(b));
  const median = ordered[Math.floor((ordered.length - 1) / 2)];
  return { ...median, runsP99Ms: runs.map((r) => r.deliveryMs.p99), runsLost: runs.map((r) => r.lost) };
}

/**
 * The highest step (by its median run) that passes. A failing step below it (a latency spike
 * from other work on the machine) is reported, not taken as the knee.
 */
export function knee(steps, lastOffered) {
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
        runsP99Ms: best.runsP99Ms,
        topStep: best.offeredDeliveriesPerSec === lastOffered,
      }
    : { offeredDeliveriesPerSec: 0, deliveriesPerSec: 0, limit, failedBelow, none: true };
}

export function formatKnee(k) {
  if (k.none) return 'none (fails at the first step)';
  return (
    `${k.topStep ? '≥ ' : ''}${k.offeredDeliveriesPerSec.toLocaleString('en')} deliveries/s (median p99 ${k.p99Ms} ms; runs ${k.runsP99Ms.join('/')})` +
    (k.failedBelow.length ? ` [step(s) ${k.failedBelow.join(', ')} below it failed]` : '')
  );
}

export function formatLimit(k) {
  if (!k.limit) return 'every step passed';
  const l = k.limit;
  return `next step ${l.offeredDeliveriesPerSec.toLocaleString('en')}/s: p99 ${l.p99Ms} ms, lost ${l.lost}, server CPU ${l.serverCpuPct}%, generator CPU ${l.generatorCpuPct}%${l.bound === '-' ? '' : ` (${l.bound} CPU-bound)`}`;
}

/** Which side ran out of CPU in a step (≥ 90 % of its core), if any. */
export function boundBy(s) {
  const sides = [s.serverCpuPct >= 90 && 'server', s.generatorCpuPct >= 90 && 'gen'].filter(Boolean);
  return sides.length ? sides.join('+') : '-';
}

const COLUMNS = [
  ['offered/s', 9],
  ['msg/s', 6],
  ['deliv/s', 7],
  ['p50', 6],
  ['p95', 6],
  ['p99', 6],
  ['p99 of runs', 14],
  ['ack p99', 7],
  ['lost', 6],
  ['ack err', 7],
  ['srv CPU%', 8],
  ['ms/1k d', 7],
  ['wr/d', 5],
  ['srv D%', 6],
  ['RSS', 5],
  ['gen CPU%', 8],
  ['lag p99', 7],
  ['wait% s/g', 9],
  ['other/d', 7],
  ['bound', 6],
];

export function header() {
  return `${COLUMNS.map(([name, w]) => name.padStart(w)).join(' ')}\n${COLUMNS.map(([, w]) => '-'.repeat(w)).join(' ')}   (latencies in ms, RSS in MiB)`;
}

export function row(s) {
  const errors = Object.values(s.ackErrors).map(String);
  const cells = [
    s.offeredDeliveriesPerSec,
    s.offeredMessagesPerSec,
    s.deliveriesPerSec,
    s.deliveryMs.p50,
    s.deliveryMs.p95,
    s.deliveryMs.p99,
    (s.runsP99Ms ?? [s.deliveryMs.p99]).map((p) => Math.round(p)).join('/'),
    s.ackMs.p99,
    s.lost,
    errors.length ? errors.join('+') : 0,
    s.serverCpuPct,
    s.serverCpuMsPer1kDeliveries,
    s.serverWritesPerDelivery,
    Math.round(s.serverDiskWaitPct),
    Math.round(s.serverRssMiB),
    s.generatorCpuPct,
    s.generatorLagMs.p99,
    `${Math.round(s.serverRunQueueWaitPct)}/${Math.round(s.generatorRunQueueWaitPct)}`,
    s.otherEventsPerDelivery,
    boundBy(s),
  ];
  const text = cells.map((c, i) => String(c).padStart(COLUMNS[i][1])).join(' ');
  return Object.keys(s.ackErrors).length ? `${text}  ack errors: ${JSON.stringify(s.ackErrors)}` : text;
}

export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
