// One load-generator shard (a worker thread): holds the sockets of its share of the members, sends
// the messages of the common schedule whose author it holds, and counts what reaches its sockets.
// Every body carries its send time (epoch ms), so a delivery's latency is measured where it lands;
// every thread's clock is the same system clock (performance.timeOrigin + performance.now()).
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { WireSocket, ackResult, eventName } from './wire.mjs';

const now = () => performance.timeOrigin + performance.now();
const TICK_MS = 2;
const BODY_MARK = '"body":"bench s=';

const { url, ca, members, joins, rooms, sendEvent, joinEvent, connectConcurrency = 100 } = workerData;
const sockets = new Map(); // member index -> WireSocket
const steps = new Map(); // step key -> accounting
let ackedOkTotal = 0;
let closedSockets = 0;
let current; // the step being sent: other events are counted against it

function onEvent(text) {
  const arrived = now();
  const mark = text.indexOf(BODY_MARK);
  if (mark < 0 || !text.startsWith('42["message:new"')) {
    const step = steps.get(current);
    if (step && !step.closed) {
      const name = eventName(text);
      step.other[name] = (step.other[name] ?? 0) + 1;
    }
    return;
  }
  const s = mark + BODY_MARK.length;
  const step = steps.get(Number(text.slice(s, text.indexOf(' ', s))));
  if (!step || step.closed) return;
  const t = text.indexOf(' t=', s) + 3;
  step.received++;
  const sentAt = Number(text.slice(t, text.indexOf('"', t)));
  step.delivery.push(arrived - sentAt);
  step.sentAt.push(sentAt);
}

async function connectAll() {
  let next = 0;
  const worker = async () => {
    while (next < members.length) {
      const member = members[next++];
      const socket = new WireSocket(url, {
        ca,
        auth: member.auth,
        onEvent,
        onClose: () => closedSockets++,
      });
      await socket.connect();
      sockets.set(member.index, socket);
    }
  };
  await Promise.all(Array.from({ length: Math.min(connectConcurrency, members.length) }, worker));
  if (joinEvent) {
    for (const { roomId, indexes } of joins) {
      await Promise.all(
        indexes.map(async (index) => {
          const answer = await sockets.get(index).request(joinEvent, { roomId });
          if (!answer?.ok) throw new Error(`join failed: ${JSON.stringify(answer)}`);
        }),
      );
    }
  }
}

function runStep({ key, messagesPerSecond, total, startAt, run }) {
  const step = {
    sent: 0,
    acked: 0,
    ackErrors: {},
    received: 0,
    delivery: [],
    sentAt: [], // of each delivery, for timelines (bench/suites/stalls.mjs)
    ack: [],
    lag: [],
    other: {},
    closed: false,
  };
  steps.set(key, step);
  current = key;
  const R = rooms.length;
  let k = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const t = now();
      const due = Math.min(total, Math.max(0, Math.floor(((t - startAt) / 1000) * messagesPerSecond) + 1));
      for (; k < due; k++) {
        const room = rooms[k % R];
        const author = room.members[Math.floor(k / R) % room.members.length];
        const socket = sockets.get(author);
        if (!socket) continue; // another shard's member
        const sentAt = now();
        step.lag.push(sentAt - (startAt + (k * 1000) / messagesPerSecond));
        step.sent++;
        const body = `bench s=${key} n=${k} t=${sentAt.toFixed(3)}`;
        socket.emit(sendEvent, { roomId: room.id, body, clientMsgId: `${run}.${key}.${k}` }, (text) => {
          const result = ackResult(text);
          if (result.ok) ackedOkTotal++; // every ok ack of the run, warm-up and late ones included
          if (step.closed) return;
          if (result.ok) {
            step.acked++;
            step.ack.push(now() - sentAt);
          } else step.ackErrors[result.code] = (step.ackErrors[result.code] ?? 0) + 1;
        });
      }
      if (k >= total || step.stop) resolve();
      else setTimeout(tick, Math.max(0, Math.min(TICK_MS, startAt - now())));
    };
    setTimeout(tick, Math.max(0, startAt - now()));
  });
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'connect') {
      await connectAll();
      parentPort.postMessage({ type: 'connected', sockets: sockets.size });
    } else if (msg.type === 'step') {
      await runStep(msg);
      parentPort.postMessage({ type: 'sent', key: msg.key });
    } else if (msg.type === 'stop') {
      const step = steps.get(msg.key);
      if (step) step.stop = true; // its 'sent' answer follows at the next tick
    } else if (msg.type === 'progress') {
      const step = steps.get(msg.key);
      const errors = Object.values(step.ackErrors).reduce((a, b) => a + b, 0);
      parentPort.postMessage({
        type: 'progress',
        key: msg.key,
        received: step.received,
        settled: step.acked + errors,
        sent: step.sent,
      });
    } else if (msg.type === 'collect') {
      const step = steps.get(msg.key);
      step.closed = true;
      steps.delete(msg.key);
      const delivery = Float64Array.from(step.delivery);
      const sentAt = Float64Array.from(step.sentAt);
      const ack = Float64Array.from(step.ack);
      const lag = Float64Array.from(step.lag);
      parentPort.postMessage(
        {
          type: 'collected',
          key: msg.key,
          sent: step.sent,
          acked: step.acked,
          ackErrors: step.ackErrors,
          received: step.received,
          other: step.other,
          delivery,
          sentAt,
          ack,
          lag,
          ackedOkTotal,
          closedSockets,
        },
        [delivery.buffer, sentAt.buffer, ack.buffer, lag.buffer],
      );
    } else if (msg.type === 'close') {
      for (const socket of sockets.values()) socket.close();
      parentPort.postMessage({ type: 'closed', ackedOkTotal });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: error?.stack ?? String(error) });
  }
});
