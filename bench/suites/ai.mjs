#!/usr/bin/env node
// `npm run bench -- ai`: what the AI summary pipeline costs besides the model, and whether a full
// queue of summary jobs slows chat. Not a test: it prints tables and writes bench/results/ai.json.
//
// 1. Overhead: the built server summarises a room against a stand-in Ollama that answers every
//    call in a fixed time (BENCH_AI_MODEL_MS, default 2000 ms, streamed in 40 chunks). For each job,
//    from the POST to `summary:ready` on the requester's socket, minus the time the stand-in spent
//    answering, is the pipeline's own time (selection, prompt, queue, streaming, parsing,
//    grounding, storage, delivery). Target: under 5 % of the model's time. Run for 100 messages (one
//    call) and 300 messages with a 2 048-token context (map-reduce, a dozen calls of a quarter of
//    that time each).
// 2. Chat under a full queue: chat delivery latency in a 20-member room at a fixed rate
//    (BENCH_AI_CHAT_RATE deliveries/s, default 2000) with 0, 100 and 1000 summary jobs waiting
//    (1000 is the largest queue the `ai.summaries` setting allows), one job running all along.
//
// The server runs on core 0 and this process (generator and stand-in) on core 1 when possible.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { HttpsJson, mapLimit, sleep } from '../lib/http.mjs';
import { connectWorkload, disconnectAll, runSteps } from '../lib/load.mjs';
import { startOllamaStandin } from '../lib/ollama-standin.mjs';
import { PINNING, cpuSeconds, pinSelf } from '../lib/proc.mjs';
import { startAtrio } from '../lib/systems.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODEL_MS = Number(process.env.BENCH_AI_MODEL_MS ?? 2000);
const JOBS = Number(process.env.BENCH_AI_JOBS ?? 8);
const CHAT_RATE = Number(process.env.BENCH_AI_CHAT_RATE ?? 2000);
const QUEUES = (process.env.BENCH_AI_QUEUES ?? '0,100,1000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 5);
const CHAT_MEMBERS = 20;
const TARGET_PCT = 5;
const log = (line = '') => console.log(line);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  const started = performance.now();
  const { pinned } = pinSelf();
  log(
    `AI summary benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const standin = await startOllamaStandin({ callMs: MODEL_MS });
  process.env.OLLAMA_HOST = standin.url; // startAtrio passes the environment through (ATRIO_* aside)
  log(`stand-in Ollama at ${standin.url}: every call takes ${MODEL_MS} ms (40 chunks)`);
  const rooms = [
    { name: 'bench ai chat', memberIndexes: Array.from({ length: CHAT_MEMBERS }, (_, i) => i) },
    { name: 'bench ai talk', memberIndexes: [CHAT_MEMBERS] },
  ];
  const atrio = await startAtrio({ root, users: CHAT_MEMBERS + 1, rooms, log });
  const results = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: loadavg() },
    pinned,
    modelMs: MODEL_MS,
  };
  const http = new HttpsJson(atrio.url, atrio.ca);
  const requester = atrio.members[CHAT_MEMBERS];
  const talk = atrio.roomIds['bench ai talk'];
  const socket = io(atrio.url, {
    ca: atrio.ca,
    transports: ['websocket'],
    reconnection: false,
    auth: { token: requester.token },
  });
  try {
    if (PINNING)
      log(
        `server ${atrio.pin() ? 'pinned to core 0' : 'could NOT be pinned'}; generator and stand-in on core 1`,
      );
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
    const setting = (value) =>
      http.ok('PUT', '/api/admin/settings/ai.summaries', { token: atrio.adminToken, body: { value } });
    const limits = {
      concurrency: 1,
      maxQueue: 1000,
      silenceSeconds: 60,
      requestsPerHour: 10_000,
      maxContextTokens: 8192,
    };
    await setting(limits);
    log(`settings: ai.summaries ${JSON.stringify(limits)} (queue and hourly limit raised for the benchmark)`);

    // A conversation of 1000 messages by one author.
    await mapLimit(
      Array.from({ length: 1000 }, (_, i) => i),
      20,
      (i) =>
        emitAck(socket, 'message:send', {
          roomId: talk,
          body: `Message ${i}: the quarterly stock count in the north warehouse is on track.`,
          clientMsgId: `ai-${i}`,
        }),
    );

    log('\n1. pipeline overhead (wall time from POST to summary:ready, minus the stand-in’s answering time)');
    log(
      'messages  ctx    calls  wall ms   model ms  overhead ms  overhead %  before 1st call ms  after last call ms',
    );
    results.overhead = [];
    for (const { messages, ctx, jobs, callMs } of [
      { messages: 100, ctx: 8192, jobs: JOBS, callMs: MODEL_MS },
      // Map-reduce: a dozen calls a job, each shorter, and fewer jobs.
      { messages: 300, ctx: 2048, jobs: Math.max(1, Math.round(JOBS / 4)), callMs: MODEL_MS / 4 },
    ]) {
      await setting({ ...limits, maxContextTokens: ctx });
      standin.timing.callMs = callMs;
      const runs = [];
      for (let j = 0; j < jobs; j++) {
        const n = messages - j; // a different range each time: no cached answer
        const firstCall = standin.calls.length;
        const ready = nextReady(socket);
        const t0 = performance.now();
        const { jobId } = await http.ok('POST', `/api/rooms/${talk}/summaries`, {
          token: requester.token,
          body: { lastMessages: n },
        });
        const event = await ready;
        const t1 = performance.now();
        if (event.jobId !== jobId || event.status !== 'done')
          throw new Error(`job ${jobId}: ${JSON.stringify(event)}`);
        const calls = standin.calls.slice(firstCall);
        const model = calls.reduce((sum, c) => sum + (c.end - c.start), 0);
        runs.push({
          wall: t1 - t0,
          model,
          calls: calls.length,
          before: calls[0].start - t0,
          after: t1 - calls.at(-1).end,
        });
      }
      const med = (key) => median(runs.map((r) => r[key]));
      const row = {
        messages,
        numCtx: ctx,
        jobs,
        calls: runs[0].calls,
        wallMs: round(med('wall')),
        modelMs: round(med('model')),
        overheadMs: round(median(runs.map((r) => r.wall - r.model))),
        overheadPct: round(median(runs.map((r) => (100 * (r.wall - r.model)) / r.model)), 2),
        beforeFirstCallMs: round(med('before')),
        afterLastCallMs: round(med('after')),
      };
      results.overhead.push(row);
      log(
        `${pad(row.messages, 8)}  ${pad(row.numCtx, 5)}  ${pad(row.calls, 5)}  ${pad(row.wallMs, 7)}  ${pad(row.modelMs, 8)}  ${pad(row.overheadMs, 11)}  ${pad(row.overheadPct, 9)}%  ${pad(row.beforeFirstCallMs, 18)}  ${pad(row.afterLastCallMs, 18)}`,
      );
    }
    await setting(limits);
    standin.timing.callMs = MODEL_MS;
    const worst = Math.max(...results.overhead.map((r) => r.overheadPct));
    log(
      `   medians of ${results.overhead.map((r) => r.jobs).join(' and ')} jobs; target < ${TARGET_PCT} % — ${worst < TARGET_PCT ? 'met' : 'NOT met'} (worst ${worst} %)`,
    );

    log(
      `\n2. chat delivery in a ${CHAT_MEMBERS}-member room at ${CHAT_RATE} deliveries/s while summary jobs wait`,
    );
    log('queued jobs  p50 ms  p95 ms  p99 ms  max ms  lost %  server CPU %');
    // A new message makes every range new: none of the jobs below is answered from the cache.
    await emitAck(socket, 'message:send', { roomId: talk, body: 'One more.', clientMsgId: 'ai-last' });
    const chatRoom = {
      id: atrio.roomIds['bench ai chat'],
      members: rooms[0].memberIndexes.map((i) => atrio.members[i]),
    };
    const workload = { name: 'ai-chat', rooms: [chatRoom] };
    const sockets = await connectWorkload(atrio, workload);
    results.chat = [];
    try {
      for (const queued of QUEUES) {
        const jobIds = [];
        // Keep one job running and `queued` waiting (distinct ranges: no cached answers).
        await mapLimit(
          Array.from({ length: queued + (queued > 0 ? 1 : 0) }, (_, i) => i),
          8,
          async (i) => {
            const { jobId } = await http.ok('POST', `/api/rooms/${talk}/summaries`, {
              token: requester.token,
              body: { lastMessages: (i % 1000) + 1 },
            });
            jobIds.push(jobId);
          },
        );
        const cpu0 = cpuSeconds(atrio.pid);
        const c0 = performance.now();
        const { steps } = await runSteps(atrio, workload, sockets, {
          steps: [CHAT_RATE],
          stepSeconds: STEP_SECONDS,
          drainSeconds: 2,
          warmupSeconds: queued === QUEUES[0] ? 2 : 0,
        });
        const cpuPct = (100 * (cpuSeconds(atrio.pid) - cpu0)) / ((performance.now() - c0) / 1000);
        const step = steps[0];
        const row = {
          queuedJobs: queued,
          deliveryMs: step.deliveryMs,
          lossPct: step.lossPct,
          serverCpuPct: round(cpuPct),
        };
        results.chat.push(row);
        log(
          `${pad(queued, 11)}  ${pad(step.deliveryMs.p50, 6)}  ${pad(step.deliveryMs.p95, 6)}  ${pad(step.deliveryMs.p99, 6)}  ${pad(step.deliveryMs.max, 6)}  ${pad(step.lossPct, 6)}  ${pad(row.serverCpuPct, 12)}`,
        );
        await mapLimit(jobIds, 8, (jobId) =>
          http.call('DELETE', `/api/summaries/${jobId}`, { token: requester.token }),
        );
        await sleep(500);
      }
    } finally {
      disconnectAll(sockets);
    }
  } finally {
    socket.close();
    http.close();
    await atrio.stop();
    atrio.cleanup();
    await standin.close();
  }
  results.totalSeconds = round((performance.now() - started) / 1000);
  const out = join(root, 'bench/results/ai.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten: bench/results/ai.json (total ${results.totalSeconds} s)`);
}

function emitAck(socket, event, payload) {
  return new Promise((resolve, reject) =>
    socket.timeout(20_000).emit(event, payload, (error, answer) => {
      if (error) reject(error);
      else if (!answer.ok) reject(new Error(`${event}: ${answer.error.code}`));
      else resolve(answer);
    }),
  );
}

function nextReady(socket) {
  return new Promise((resolve) => socket.once('summary:ready', resolve));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const pad = (value, width) => String(value).padStart(width);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
