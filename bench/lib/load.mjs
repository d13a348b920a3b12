// The load generator: one socket.io-client connection per member, an open loop of sends at a fixed
// offered rate spread round-robin over each room's members, and per-step accounting of acks and
// deliveries. Every body carries its send time (epoch ms, sub-millisecond), so a delivery's latency
// is measured at the receiving socket; senders and receivers share this process and its clock.
import { io } from 'socket.io-client';
import { mapLimit, sleep } from './http.mjs';
import { loadAverage, sampleCores, sampleProcess } from './proc.mjs';
import { setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const TICK_MS = 2;

/**
 * `system`: {name, url, ca, pid, connect(member) -> auth object, joinEvent?: name of a join event
 * (baseline only), sendEvent}. `workload`: {name, rooms: [{id, members: [member]}]} where a member
 * is {index, userId, token?, name}.
 */
export async function connectWorkload(system, workload) {
  const sockets = new Map(); // member index -> socket
  const members = [...new Map(workload.rooms.flatMap((r) => r.members).map((m) => [m.index, m])).values()];
  await mapLimit(members, 25, async (member) => {
    const socket = io(system.url, {
      ca: system.ca,
      transports: ['websocket'],
      reconnection: false,
      auth: system.auth(member),
      timeout: 20_000,
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', (error) =>
        reject(new Error(`${system.name}: connect failed: ${error.message}`)),
      );
    });
    sockets.set(member.index, socket);
  });
  if (system.joinEvent) {
    for (const room of workload.rooms) {
      await mapLimit(room.members, 50, async (member) => {
        const answer = await sockets
          .get(member.index)
          .timeout(10_000)
          .emitWithAck(system.joinEvent, { roomId: room.id });
        if (!answer?.ok) throw new Error(`${system.name}: join failed: ${JSON.stringify(answer)}`);
      });
    }
  }
  return sockets;
}

export function disconnectAll(sockets) {
  for (const socket of sockets.values()) socket.disconnect();
}

/**
 * Runs the steps (offered deliveries/s) one after another against already connected sockets.
 * Stops early once a step clearly fails (p99 > 250 ms or loss > 1 %). Returns one result per step,
 * and a count of every ok ack of the run (for the durability check).
 */
export async function runSteps(
  system,
  workload,
  sockets,
  { steps, stepSeconds, drainSeconds, warmupSeconds, onStep },
) {
  const fanout = new Map(workload.rooms.map((r) => [r.id, r.members.length]));
  const membersPerMessage = workload.rooms[0].members.length;
  // clientMsgId must be unique per author across the whole run: Atrio answers a repeated one with
  // the original message and broadcasts nothing (idempotent retry), which would count as loss.
  const state = { steps: [], run: `${workload.name}.${Math.random().toString(36).slice(2, 8)}`, ackedOk: 0 };

  // Receivers: every socket counts what reaches it, per step (step index travels in the body).
  const onMessage = ({ message }) => {
    const arrived = now();
    const body = message.body;
    const at = body.indexOf(' t=');
    if (!body.startsWith('bench s=') || at < 0) return;
    const step = state.steps[Number(body.slice(8, body.indexOf(' ', 8)))];
    if (!step || step.closed) return;
    step.received++;
    step.delivery.push(arrived - Number(body.slice(at + 3)));
  };
  // Everything else the server pushes (receipts, presence, notices…) costs the same socket writes.
  const onOther = (event) => {
    if (event === 'message:new') return;
    const step = state.steps[state.current];
    if (step && !step.closed) {
      step.otherEvents++;
      step.otherByEvent[event] = (step.otherByEvent[event] ?? 0) + 1;
    }
  };
  for (const socket of sockets.values()) {
    socket.on('message:new', onMessage);
    socket.onAny(onOther);
  }

  const results = [];
  try {
    if (warmupSeconds > 0) {
      await runOneStep(system, workload, sockets, state, fanout, -1, steps[0], warmupSeconds, drainSeconds);
    }
    for (let i = 0; i < steps.length; i++) {
      const result = await runOneStep(
        system,
        workload,
        sockets,
        state,
        fanout,
        i,
        steps[i],
        stepSeconds,
        drainSeconds,
      );
      result.membersPerMessage = membersPerMessage;
      results.push(result);
      onStep?.(result);
      if (result.deliveryMs.p99 > 250 || result.lossPct > 1) break;
    }
  } finally {
    for (const socket of sockets.values()) {
      socket.off('message:new', onMessage);
      socket.offAny(onOther);
    }
  }
  return { steps: results, ackedOk: () => state.ackedOk };
}

async function runOneStep(
  system,
  workload,
  sockets,
  state,
  fanout,
  index,
  offeredDeliveries,
  seconds,
  drainSeconds,
) {
  const warmup = index < 0;
  const stepKey = warmup ? 1000 + state.steps.length : index; // warm-up steps never collide with real ones
  const membersTotal = workload.rooms.reduce((n, r) => n + r.members.length, 0);
  // deliveries/s = messages/s × members of the room the message goes to (all rooms are equal here).
  const messagesPerSecond = offeredDeliveries / (membersTotal / workload.rooms.length);
  const step = {
    sent: 0,
    acked: 0,
    ackErrors: {},
    expected: 0,
    received: 0,
    ack: [],
    delivery: [],
    lag: [],
    otherEvents: 0,
    otherByEvent: {},
    closed: false,
  };
  state.steps[stepKey] = step;
  state.current = stepKey;

  // Senders: the k-th message goes to room k mod R, from that room's next member (round robin).
  const cursors = workload.rooms.map(() => 0);
  const server = sampleProcess(system.pid, 250, { diskStates: true });
  const cores = sampleCores();
  const generator = sampleProcess(process.pid);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  const total = Math.round(messagesPerSecond * seconds);
  let k = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const t = performance.now();
      const due = Math.min(total, Math.floor(((t - start) / 1000) * messagesPerSecond) + 1);
      while (k < due) {
        const intended = start + (k * 1000) / messagesPerSecond;
        const r = k % workload.rooms.length;
        const room = workload.rooms[r];
        const member = room.members[cursors[r]++ % room.members.length];
        const socket = sockets.get(member.index);
        const sentAt = now();
        step.lag.push(performance.now() - intended);
        const clientMsgId = `${state.run}.${stepKey}.${k}`;
        const body = `bench s=${stepKey} n=${k} t=${sentAt.toFixed(3)}`;
        step.sent++;
        step.expected += fanout.get(room.id);
        socket.emit(system.sendEvent, { roomId: room.id, body, clientMsgId }, (answer) => {
          if (answer?.ok) state.ackedOk++; // every ok ack of the run, warm-up and late ones included
          if (step.closed) return;
          if (answer?.ok) {
            step.acked++;
            step.ack.push(now() - sentAt);
          } else {
            const code = answer?.error?.code ?? 'NO_ANSWER';
            step.ackErrors[code] = (step.ackErrors[code] ?? 0) + 1;
          }
        });
        k++;
      }
      if (k >= total || t >= end + 1000) resolve();
      else setTimeout(tick, TICK_MS);
    };
    tick();
  });
  const sendWindow = (performance.now() - start) / 1000;
  const { cpuPct, rssMiB, waitPct, diskWaitPct } = server.stop();
  const generatorWaitPct = generator.stop().waitPct;
  const coreBusyPct = cores.stop();
  const cpu = process.cpuUsage(cpu0);
  const generatorCpuPct = ((cpu.user + cpu.system) / 1e6 / sendWindow) * 100;

  // Drain: give late deliveries and acks up to `drainSeconds` (less when everything is in).
  const drainEnd = performance.now() + drainSeconds * 1000;
  while (performance.now() < drainEnd) {
    const errors = Object.values(step.ackErrors).reduce((a, b) => a + b, 0);
    if (step.received >= step.expected && step.acked + errors >= step.sent) break;
    await sleep(20);
  }
  step.closed = true;
  if (warmup) return null;
  const errors = Object.values(step.ackErrors).reduce((a, b) => a + b, 0);
  const unacked = step.sent - step.acked - errors;
  if (unacked > 0) step.ackErrors.NO_ACK_IN_DRAIN = unacked;
  const lost = step.expected - step.received;
  return {
    offeredDeliveriesPerSec: offeredDeliveries,
    offeredMessagesPerSec: round(messagesPerSecond, 1),
    seconds: round(sendWindow, 2),
    messagesSent: step.sent,
    messagesAcked: step.acked,
    ackErrors: step.ackErrors,
    deliveriesExpected: step.expected,
    deliveriesReceived: step.received,
    deliveriesPerSec: Math.round(step.received / sendWindow),
    // Other server → client events per delivery (receipts, presence, notices), by event name.
    otherEventsPerDelivery: step.received ? round(step.otherEvents / step.received, 2) : 0,
    otherEvents: step.otherByEvent,
    lost,
    lossPct: step.expected ? round((100 * lost) / step.expected, 3) : 0,
    deliveryMs: percentiles(step.delivery),
    ackMs: percentiles(step.ack),
    generatorLagMs: percentiles(step.lag),
    serverCpuPct: round(cpuPct, 1),
    serverRssMiB: round(rssMiB, 1),
    // Share of 5 ms samples in which the server's main thread was blocked on the disk (state D: fsync).
    serverDiskWaitPct: round(diskWaitPct, 1),
    // Share of the step the main thread was runnable but waiting for its core (other work there).
    serverRunQueueWaitPct: round(waitPct, 1),
    generatorRunQueueWaitPct: round(generatorWaitPct, 1),
    generatorCpuPct: round(generatorCpuPct, 1),
    // Busy share of every core during the step: core 0 − server CPU is other work on the server's core.
    coreBusyPct,
    loadAverage1m: loadAverage(),
  };
}

function percentiles(values) {
  if (values.length === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)], 2);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1], 2) };
}

const round = (x, digits) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
