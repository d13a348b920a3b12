#!/usr/bin/env node
// The history suite (`npm run bench -- history`): a database of BENCH_HIST_MESSAGES (1 000 000)
// messages in BENCH_HIST_ROOMS (200) rooms, written straight into the SQLite file with its search
// index (bench/lib/history-seed.mjs); then, from outside over TLS, one request at a time: a
// 50-message history page (latest, before an id mid-room, deep: near the room's start), `sync`
// after 500 missed messages, searches (a frequent word, a rare word, a frequent word in one room)
// and the reader's room list (200 rooms, every message unread) — the first request of each shape
// after the server started ("first", SQLite's cache cold; the OS page cache is not dropped) and
// BENCH_HIST_SAMPLES more (p50/p99); idle, then again under a chat load of BENCH_HIST_LOAD
// deliveries/s (10 rooms × 50, bench/lib/generator.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { PINNING, loadAverage, pinSelf, sampleProcess } from '../lib/proc.mjs';
import { BENCH_CHAT_LIMITS } from '../lib/systems.mjs';
import { startSeededAtrio } from '../lib/seeded-atrio.mjs';
import { seedHistory, random } from '../lib/history-seed.mjs';
import { startGenerator } from '../lib/generator.mjs';
import { WireSocket } from '../lib/wire.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MESSAGES = Number(process.env.BENCH_HIST_MESSAGES ?? 1_000_000);
const ROOMS = Number(process.env.BENCH_HIST_ROOMS ?? 200);
const SAMPLES = Number(process.env.BENCH_HIST_SAMPLES ?? 200);
const LOAD = Number(process.env.BENCH_HIST_LOAD ?? 10_000);
const WARMUP = Number(process.env.BENCH_HIST_WARMUP ?? 20);
const PAGE = 50;
const MISSED = Math.min(
  500,
  Math.floor(
    Number(process.env.BENCH_HIST_MESSAGES ?? 1_000_000) / Number(process.env.BENCH_HIST_ROOMS ?? 200),
  ) - 2,
);
const TARGETS = { historyP99Ms: 10, searchP99Ms: 20 };
const AUTHORS = 20; // members of each history room
const LOAD_USERS = 500; // 10 rooms × 50 for the chat load

const log = (line = '') => console.log(line);
const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
let atrio;

async function main() {
  const started = performance.now();
  const { pinned } = pinSelf();
  const uptime = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  log(`history suite — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  log(`machine load at start: ${uptime}`);
  log(pinned ? 'pinning: server on core 0, clients and load generator on core 1' : 'pinning: none');
  // Users 0..AUTHORS-1 write the history (members of every history room); user AUTHORS reads;
  // users AUTHORS+1… are the chat load's 10 rooms × 50.
  const reader = AUTHORS;
  const historyRooms = Array.from({ length: ROOMS }, (_, r) => ({
    name: `history ${r + 1}`,
    memberIndexes: [...Array.from({ length: AUTHORS }, (_, i) => i), reader],
  }));
  const loadRooms = Array.from({ length: 10 }, (_, r) => ({
    name: `load ${r + 1}`,
    memberIndexes: Array.from({ length: 50 }, (_, i) => AUTHORS + 1 + r * 50 + i),
  }));
  let seeded;
  log(
    `[atrio] set-up: ${MESSAGES.toLocaleString('en')} messages in ${ROOMS} rooms, written into the database…`,
  );
  atrio = await startSeededAtrio({
    root,
    users: AUTHORS + 1 + LOAD_USERS,
    rooms: [...historyRooms, ...loadRooms],
    settings: { 'chat.limits': BENCH_CHAT_LIMITS },
    log,
    seed(db, { userIds, roomIds, now }) {
      const authorIds = userIds.slice(0, AUTHORS);
      const authorNames = new Map(authorIds.map((id, i) => [id, `Bench ${i + 1}`]));
      const rooms = historyRooms.map((spec) => ({ id: roomIds[spec.name], authorIds }));
      seeded = seedHistory(db, { rooms, count: MESSAGES, now, authorNames });
    },
  });
  if (PINNING) atrio.pin();
  log(
    `[atrio] pid ${atrio.pid}; set-up ${atrio.setupSeconds.toFixed(1)} s (rows ${seeded.seconds.insert.toFixed(1)} s, search index ${seeded.seconds.index.toFixed(1)} s) — not part of any figure`,
  );
  log(
    `[atrio] NOTE: chat.limits raised for the run (the reader syncs far faster than a person): ${JSON.stringify(BENCH_CHAT_LIMITS)}`,
  );

  const results = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, uptimeAtStart: uptime },
    config: {
      messages: MESSAGES,
      rooms: ROOMS,
      samples: SAMPLES,
      page: PAGE,
      missed: MISSED,
      loadDeliveriesPerSec: LOAD,
    },
    seed: { seconds: seeded.seconds },
    targets: TARGETS,
  };
  const token = atrio.members[reader].token;
  const rooms = historyRooms.map((spec) => atrio.roomIds[spec.name]);
  const { words } = seeded;
  // Each history room's ids: room k (0-based) holds ids firstId + k, firstId + k + ROOMS, …
  const perRoom = Math.floor(MESSAGES / ROOMS);
  const idAt = (roomIndex, position) => seeded.firstId + roomIndex + position * ROOMS;
  const rand = random(11);
  const pick = () => Math.floor(rand() * ROOMS);
  const socket = new WireSocket(atrio.url, { ca: atrio.ca, auth: { token } });
  await socket.connect();
  const get = async (path) => {
    const answer = await atrio.http.call('GET', path, { token });
    if (answer.status !== 200)
      throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const SHAPES = {
    latest: () => get(`/api/rooms/${rooms[pick()]}/messages?limit=${PAGE}`),
    before: () => {
      const r = pick();
      return get(
        `/api/rooms/${rooms[r]}/messages?limit=${PAGE}&before=${idAt(r, Math.floor(perRoom / 2 + rand() * perRoom * 0.3))}`,
      );
    },
    deep: () => {
      const r = pick();
      return get(
        `/api/rooms/${rooms[r]}/messages?limit=${PAGE}&before=${idAt(r, PAGE + Math.floor(rand() * 50))}`,
      );
    },
    sync500: async () => {
      const r = pick();
      const answer = await socket.request(
        'sync',
        { roomId: rooms[r], afterId: idAt(r, perRoom - MISSED - 1) },
        30_000,
      );
      if (!answer?.ok || answer.messages.length < MISSED)
        throw new Error(`sync: ${JSON.stringify(answer).slice(0, 200)}`);
    },
    searchFrequent: () => get(`/api/search/messages?q=${words[Math.floor(rand() * 3)]}`),
    searchRare: () => get(`/api/search/messages?q=${words[3000 + Math.floor(rand() * 1000)]}`),
    searchInRoom: () =>
      get(`/api/search/messages?q=${words[Math.floor(rand() * 20)]}&roomId=${rooms[pick()]}`),
  };
  // The reader is in every history room with all of it unread: the costliest room list there is.
  // Measured in a pass of its own after the others, so its cost does not change their conditions.
  const ROOM_LIST = { roomList: () => get('/api/rooms') };

  // Shapes are interleaved (one of each in turn), so a passing disturbance hits them all alike.
  // Round 0 is each shape's first request ("first"); WARMUP rounds follow, not counted.
  const measure = async (label, { first = true, shapes = SHAPES, samples = SAMPLES } = {}) => {
    const times = Object.fromEntries(Object.keys(shapes).map((shape) => [shape, []]));
    const firsts = {};
    for (let pass = first ? 0 : 1; pass <= WARMUP + samples; pass++) {
      for (const [shape, request] of Object.entries(shapes)) {
        const t0 = performance.now();
        await request();
        const ms = performance.now() - t0;
        if (pass === 0) firsts[shape] = ms;
        else if (pass > WARMUP) times[shape].push(ms);
      }
    }
    const byShape = Object.fromEntries(
      Object.entries(times).map(([shape, list]) => [
        shape,
        { first: round(firsts[shape], 2), ...percentiles(list) },
      ]),
    );
    log(`\n[${label}]`);
    printTable(byShape);
    return byShape;
  };

  try {
    const server = sampleProcess(atrio.pid);
    results.idle = await measure(
      `idle: first request of each shape after the start, ${WARMUP} rounds of warm-up, ${SAMPLES} samples each`,
    );
    results.idle.serverCpuPct = round(server.stop().cpuPct);
    const listSamples = Math.max(20, Math.round(SAMPLES / 4));
    Object.assign(
      results.idle,
      await measure(`idle: the room list, ${listSamples} samples`, {
        shapes: ROOM_LIST,
        samples: listSamples,
      }),
    );

    const live = {
      name: 'load',
      rooms: loadRooms.map((spec) => ({
        id: atrio.roomIds[spec.name],
        members: spec.memberIndexes.map((i) => atrio.members[i]),
      })),
    };
    const generator = await startGenerator(atrio, live, { shards: 1 });
    log(
      `\n[load] ${generator.sockets} sockets; chat load of ${LOAD} deliveries/s (10 rooms × 50) while measuring`,
    );
    let underLoad;
    const step = await generator.step({
      key: 1,
      offeredDeliveries: LOAD,
      seconds: 600, // ended early: the measurement sets the length (see below)
      drainSeconds: 3,
      during: async () => {
        underLoad = await measure(`under chat load (${LOAD} deliveries/s)`, { first: false });
      },
      untilDuring: true,
    });
    results.underLoad = {
      ...underLoad,
      chat: { deliveryMs: step.deliveryMs, lost: step.lost, serverCpuPct: step.serverCpuPct },
    };
    log(
      `[load] chat meanwhile: delivery p50 ${step.deliveryMs.p50} ms, p99 ${step.deliveryMs.p99} ms, lost ${step.lost}, server CPU ${step.serverCpuPct}%`,
    );
    let listUnderLoad;
    const listStep = await generator.step({
      key: 2,
      offeredDeliveries: LOAD,
      seconds: 600,
      drainSeconds: 3,
      during: async () => {
        listUnderLoad = await measure(`under chat load: the room list, ${listSamples} samples`, {
          first: false,
          shapes: ROOM_LIST,
          samples: listSamples,
        });
      },
      untilDuring: true,
    });
    Object.assign(results.underLoad, listUnderLoad, {
      chatDuringRoomList: { deliveryMs: listStep.deliveryMs, lost: listStep.lost },
    });
    log(
      `[load] chat meanwhile: delivery p50 ${listStep.deliveryMs.p50} ms, p99 ${listStep.deliveryMs.p99} ms, lost ${listStep.lost}`,
    );
    await generator.close();
  } finally {
    socket.close();
    await atrio.stop();
    atrio.cleanup();
  }
  verdict(results);
  results.loadAverageAtEnd = loadAverage();
  results.totalSeconds = round((performance.now() - started) / 1000);
  const out = join(root, 'bench/results/history.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten: bench/results/history.json (total ${results.totalSeconds} s)`);
}

function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)], 2);
  return { p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1], 2) };
}

function printTable(byShape) {
  log(
    `${'shape'.padEnd(16)} ${'first'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}   (ms)`,
  );
  for (const [shape, f] of Object.entries(byShape)) {
    if (typeof f !== 'object') continue;
    log(
      `${shape.padEnd(16)} ${String(f.first ?? '-').padStart(8)} ${String(f.p50).padStart(8)} ${String(f.p99).padStart(8)} ${String(f.max).padStart(8)}`,
    );
  }
}

function verdict(results) {
  results.verdict = {};
  log(
    `\ntargets: history pages (latest, before, deep) p99 < ${TARGETS.historyP99Ms} ms, search p99 < ${TARGETS.searchP99Ms} ms (sync of ${MISSED} and the room list reported, no target):`,
  );
  for (const when of ['idle', 'underLoad']) {
    const r = results[when];
    if (!r) continue;
    const history = ['latest', 'before', 'deep'].map((s) => r[s].p99);
    const search = ['searchFrequent', 'searchRare', 'searchInRoom'].map((s) => r[s].p99);
    const ok = {
      history: Math.max(...history) < TARGETS.historyP99Ms,
      search: Math.max(...search) < TARGETS.searchP99Ms,
    };
    results.verdict[when] = ok;
    log(
      `  ${when.padEnd(9)} history p99 ${history.join(' / ')} ms — ${ok.history ? 'MET' : 'NOT MET'}; search p99 ${search.join(' / ')} ms — ${ok.search ? 'MET' : 'NOT MET'}`,
    );
  }
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
