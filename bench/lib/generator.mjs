// The load generator with headroom: the members' sockets are split over worker threads (shards,
// bench/lib/generator-worker.mjs) that speak the Socket.IO wire protocol straight over `ws`
// (bench/lib/wire.mjs). Every shard computes the same open-loop schedule (the k-th message goes to
// room k mod R, from that room's next member in turn) and sends the messages whose author it holds.
// This side starts the shards, runs steps, samples the server and itself, and merges the figures.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { loadAverage, sampleCores, sampleProcess } from './proc.mjs';
import { sleep } from './http.mjs';

const WORKER = new URL('./generator-worker.mjs', import.meta.url);

/** Write-class system calls (write, writev, pwrite… as counted by the kernel) of a process so far. */
export function writeSyscalls(pid) {
  try {
    return Number(/syscw:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))[1]);
  } catch {
    return NaN;
  }
}

/**
 * `system`: {name, url, ca, pid, auth(member), sendEvent, joinEvent?}; `workload`: {name, rooms:
 * [{id, members: [member]}]} with rooms of equal size. Resolves once every socket is connected.
 */
export async function startGenerator(system, workload, { shards = 1 } = {}) {
  const members = [...new Map(workload.rooms.flatMap((r) => r.members).map((m) => [m.index, m])).values()];
  const rooms = workload.rooms.map((r) => ({ id: r.id, members: r.members.map((m) => m.index) }));
  const ca = system.ca.toString();
  const count = Math.max(1, Math.min(shards, members.length));
  const t0 = performance.now();
  const workers = Array.from({ length: count }, (_, s) => {
    const own = members.filter((_, i) => i % count === s);
    const mine = new Set(own.map((m) => m.index));
    const joins = rooms.map((r) => ({ roomId: r.id, indexes: r.members.filter((i) => mine.has(i)) }));
    return shard(
      new Worker(WORKER, {
        workerData: {
          url: system.url,
          ca,
          members: own.map((m) => ({ index: m.index, auth: system.auth(m) })),
          joins,
          rooms,
          sendEvent: system.sendEvent,
          joinEvent: system.joinEvent,
        },
      }),
    );
  });
  try {
    await Promise.all(workers.map((w) => w.call({ type: 'connect' }, 'connected')));
  } catch (error) {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    throw new Error(`${system.name}: ${error.message}`, { cause: error });
  }
  const connectSeconds = (performance.now() - t0) / 1000;
  const run = `${workload.name}.${Math.random().toString(36).slice(2, 8)}`;
  const size = rooms[0].members.length;
  let nextWarmupKey = 1000; // warm-up steps never collide with measured ones
  let ackedOk = 0;

  return {
    sockets: members.length,
    shards: count,
    connectSeconds,
    membersPerMessage: size,
    /**
     * One open-loop step at `offeredDeliveries`/s for `seconds`, then a drain of up to
     * `drainSeconds`. `key` (a number) identifies the step in the bodies; `warmup` returns null.
     * `during(seconds)` (optional) runs beside the send window, e.g. strace; with `untilDuring`,
     * the step ends when `during` does (`seconds` is then an upper bound).
     */
    async step({
      key,
      offeredDeliveries,
      seconds,
      drainSeconds,
      warmup = false,
      during,
      untilDuring = false,
    }) {
      if (warmup) key = nextWarmupKey++;
      const messagesPerSecond = offeredDeliveries / size;
      const total = Math.round(messagesPerSecond * seconds);
      const server = sampleProcess(system.pid, 250, { diskStates: true });
      const cores = sampleCores();
      const self = sampleProcess(process.pid);
      const writes0 = writeSyscalls(system.pid);
      const cpu0 = process.cpuUsage();
      const startAt = performance.timeOrigin + performance.now() + 20;
      const start = performance.now();
      const beside = during?.(seconds);
      beside?.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
      if (untilDuring)
        void beside.finally(() => {
          for (const w of workers) w.worker.postMessage({ type: 'stop', key });
        });
      await Promise.all(
        workers.map((w) => w.call({ type: 'step', key, messagesPerSecond, total, startAt, run }, 'sent')),
      );
      const sendWindow = (performance.now() - start) / 1000;
      const writes = writeSyscalls(system.pid) - writes0;
      const { cpuPct, mainCpuPct, rssMiB, waitPct, diskWaitPct } = server.stop();
      const generatorWaitPct = self.stop().waitPct;
      const coreBusyPct = cores.stop();
      const cpu = process.cpuUsage(cpu0);
      const generatorCpuPct = ((cpu.user + cpu.system) / 1e6 / sendWindow) * 100;

      let expected = total * size;
      const drainEnd = performance.now() + drainSeconds * 1000;
      while (performance.now() < drainEnd) {
        const progress = await Promise.all(workers.map((w) => w.call({ type: 'progress', key }, 'progress')));
        const received = progress.reduce((n, p) => n + p.received, 0);
        const settled = progress.reduce((n, p) => n + p.settled, 0);
        const sent = progress.reduce((n, p) => n + p.sent, 0);
        expected = sent * size;
        if (received >= expected && settled >= sent) break;
        await sleep(20);
      }
      const besideResult = await beside;
      const parts = await Promise.all(workers.map((w) => w.call({ type: 'collect', key }, 'collected')));
      ackedOk = parts.reduce((n, p) => n + p.ackedOkTotal, 0);
      if (warmup) return null;
      const sum = (field) => parts.reduce((n, p) => n + p[field], 0);
      const sent = sum('sent');
      const acked = sum('acked');
      const received = sum('received');
      const ackErrors = {};
      const other = {};
      for (const p of parts) {
        for (const [code, n] of Object.entries(p.ackErrors)) ackErrors[code] = (ackErrors[code] ?? 0) + n;
        for (const [event, n] of Object.entries(p.other)) other[event] = (other[event] ?? 0) + n;
      }
      const errors = Object.values(ackErrors).reduce((a, b) => a + b, 0);
      if (sent - acked - errors > 0) ackErrors.NO_ACK_IN_DRAIN = sent - acked - errors;
      const otherCount = Object.values(other).reduce((a, b) => a + b, 0);
      const lost = expected - received;
      const result = {
        offeredDeliveriesPerSec: offeredDeliveries,
        offeredMessagesPerSec: round(messagesPerSecond, 1),
        seconds: round(sendWindow, 2),
        messagesSent: sent,
        messagesAcked: acked,
        ackErrors,
        deliveriesExpected: expected,
        deliveriesReceived: received,
        deliveriesPerSec: Math.round(received / sendWindow),
        otherEventsPerDelivery: received ? round(otherCount / received, 2) : 0,
        otherEvents: other,
        lost,
        lossPct: expected ? round((100 * lost) / expected, 3) : 0,
        deliveryMs: percentiles(parts.map((p) => p.delivery)),
        ackMs: percentiles(parts.map((p) => p.ack)),
        generatorLagMs: percentiles(parts.map((p) => p.lag)),
        serverCpuPct: round(cpuPct, 1),
        // Server CPU (ms of one core) per 1 000 deliveries received in the send window.
        serverCpuMsPer1kDeliveries: received ? round((cpuPct * 10 * sendWindow) / (received / 1000), 2) : NaN,
        // The same for the main thread alone (the event loop; the rest is the commit thread, GC helpers…).
        serverMainCpuPct: round(mainCpuPct, 1),
        serverMainCpuMsPer1kDeliveries: received
          ? round((mainCpuPct * 10 * sendWindow) / (received / 1000), 2)
          : NaN,
        serverRssMiB: round(rssMiB, 1),
        serverDiskWaitPct: round(diskWaitPct, 1),
        serverRunQueueWaitPct: round(waitPct, 1),
        // Write-class syscalls of the server (sockets, the database, eventfd wake-ups) per delivery.
        serverWritesPerDelivery: received ? round(writes / received, 3) : NaN,
        generatorRunQueueWaitPct: round(generatorWaitPct, 1),
        generatorCpuPct: round(generatorCpuPct, 1),
        generatorShards: count,
        coreBusyPct,
        loadAverage1m: loadAverage(),
        ...(besideResult ? { beside: besideResult } : {}),
      };
      // Not serialised: every delivery's latency and send time, for timelines.
      Object.defineProperty(result, 'deliveries', {
        value: parts.map((p) => ({ latency: p.delivery, sentAt: p.sentAt })),
        enumerable: false,
      });
      return result;
    },
    /** Closes every socket and ends the shards; returns the count of ok acks of the whole run. */
    async close() {
      const closed = await Promise.all(workers.map((w) => w.call({ type: 'close' }, 'closed')));
      await Promise.all(workers.map((w) => w.worker.terminate()));
      return Math.max(
        ackedOk,
        closed.reduce((n, c) => n + c.ackedOkTotal, 0),
      );
    },
  };
}

/** A worker with request/answer calls: one pending answer per type at a time. */
function shard(worker) {
  const waiting = new Map();
  let failure;
  const fail = (error) => {
    failure = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (msg) => {
    if (msg.type === 'error') return fail(new Error(msg.message));
    const pending = waiting.get(msg.type);
    if (pending) {
      waiting.delete(msg.type);
      pending.resolve(msg);
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`generator shard exited (${code})`)));
  return {
    worker,
    call(message, answerType) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.set(answerType, { resolve, reject });
        worker.postMessage(message);
      });
    },
  };
}

function percentiles(arrays) {
  const length = arrays.reduce((n, a) => n + a.length, 0);
  if (length === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = new Float64Array(length);
  let offset = 0;
  for (const a of arrays) {
    sorted.set(a, offset);
    offset += a.length;
  }
  sorted.sort();
  const at = (q) => round(sorted[Math.min(length - 1, Math.ceil(q * length) - 1)], 2);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[length - 1], 2) };
}

const round = (x, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
