#!/usr/bin/env node
// The chat client suite (`npm run bench -- web`): what an employee's browser downloads and does.
//  1. initial download: the files index.html loads before the first screen (entry script, its
//     preloaded imports, CSS), gzipped at level 9 as the build reports them; budget 150 KB;
//  2. opening a room of 50 messages, 20 different rooms in turn: from the moment the history
//     answer has arrived (Resource Timing's responseEnd) to the first frame that shows it, and
//     from the click to that frame; p50/p95;
//  3. a room of 10 000 messages scrolled back to its first message: the most message nodes the
//     page held at once, and the JS heap after a garbage collection (targets < 400, < 100 MB);
//  4. 100 messages a second for 5 s arriving in the open room (sent by a script over its own
//     socket): the main thread's long tasks (Long Tasks API), the longest (target ≤ 100 ms).
// Debian's Chromium through playwright-core, against the built server and the built client, set up
// with seeded rows (bench/lib/seeded-atrio.mjs). Prints a table; writes bench/results/web.json.
// Knobs: BENCH_WEB_OPENINGS (20), BENCH_WEB_HISTORY (10000), ATRIO_CHROMIUM (/usr/bin/chromium).
/* global window, document, performance, requestAnimationFrame, setTimeout, MutationObserver, PerformanceObserver, navigator -- page.evaluate code runs in the browser */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { loadAverage } from '../lib/proc.mjs';
import { startSeededAtrio } from '../lib/seeded-atrio.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OPENINGS = Number(process.env.BENCH_WEB_OPENINGS ?? 20);
const HISTORY = Number(process.env.BENCH_WEB_HISTORY ?? 10_000);
const CHROMIUM = process.env.ATRIO_CHROMIUM ?? '/usr/bin/chromium';
const BUDGET_KB = 150;
const TARGET_NODES = 400;
const TARGET_HEAP_MB = 100;
const log = (line = '') => console.log(line);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** What index.html makes the browser fetch before anything shows: scripts, module preloads, styles. */
function initialDownload() {
  const dist = join(root, 'apps/chat-web/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const rows = files.map((file) => {
    const content = readFileSync(join(dist, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  const gzipKB = rows.reduce((sum, r) => sum + r.gzipBytes, 0) / 1024;
  return { files: rows, gzipKB: round(gzipKB), budgetKB: BUDGET_KB, withinBudget: gzipKB <= BUDGET_KB };
}

const ROOM_COUNT = OPENINGS + 1;
const rooms = [
  ...Array.from({ length: ROOM_COUNT }, (_, i) => ({
    name: `web ${String(i + 1).padStart(2, '0')}`,
    memberIndexes: [0, 1],
  })),
  { name: 'web history', memberIndexes: [0, 1] },
  { name: 'web live', memberIndexes: [0, 1] },
];
const BURST = { perSecond: 100, seconds: 5 };

/** 50 messages in each small room and HISTORY in the long one, by the second member; all read by the first. */
function seed(db, { userIds, roomIds, now }) {
  const insert = db.prepare(
    `INSERT INTO messages (room_id, author_id, author_name, kind, body, client_msg_id, reply_to_id, created_at)
     VALUES (?, ?, 'Bench 2', 'text', ?, NULL, NULL, ?)`,
  );
  const read = db.prepare(
    'UPDATE room_members SET read_id = ?, delivered_id = ? WHERE room_id = ? AND user_id = ?',
  );
  const fill = (roomId, count) => {
    let last = 0;
    for (let i = 1; i <= count; i++) {
      const body = `Mensaje ${i}: el turno de **mañana** revisa la sala de servidores y el [parte](https://intranet.example/parte/${i}).`;
      last = Number(insert.run(roomId, userIds[1], body, now - (count - i) * 1000).lastInsertRowid);
    }
    read.run(last, last, roomId, userIds[0]);
  };
  for (const spec of rooms) fill(roomIds[spec.name], spec.name === 'web history' ? HISTORY : 50);
}

async function signIn(page, url, username, password) {
  await page.goto(`${url}/`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.connection[data-state="online"]').waitFor({ timeout: 60_000 });
}

/** Opens a room by its sidebar button; times the first frame that shows its 50 messages. */
async function openRoom(page, name, roomId) {
  await page.evaluate(
    ({ name, roomId }) => {
      performance.clearResourceTimings();
      window.__opening = new Promise((resolve) => {
        const shown = () =>
          document.querySelector('#room-title')?.textContent?.includes(name) &&
          document.querySelectorAll('.timeline [data-message-id]').length >= 50;
        const done = () => {
          // rAF runs just before the frame is painted; the task after it runs once it is.
          requestAnimationFrame(() =>
            setTimeout(() => {
              const entry = performance
                .getEntriesByType('resource')
                .find((e) => e.name.includes(`/api/rooms/${roomId}/messages`));
              resolve({ painted: performance.now(), responseEnd: entry?.responseEnd ?? NaN });
            }),
          );
        };
        if (shown()) {
          resolve({ painted: NaN, responseEnd: NaN });
          return;
        }
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          done();
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      window.__clickedAt = 0;
    },
    { name, roomId },
  );
  const button = page.locator('.sidebar').getByRole('button', { name, exact: true });
  await page.evaluate(() => (window.__clickedAt = performance.now()));
  await button.click();
  const { painted, responseEnd } = await page.evaluate(() => window.__opening);
  const clickedAt = await page.evaluate(() => window.__clickedAt);
  return { afterData: painted - responseEnd, afterClick: painted - clickedAt };
}

async function scrollToStart(page) {
  const timeline = page.locator('.timeline');
  const startText = 'This is the start of the conversation.';
  let most = 0;
  const began = Date.now();
  await timeline.evaluate((box) => box.scrollTo(0, box.scrollHeight));
  while (!(await page.getByText(startText).isVisible())) {
    const before = await page.locator('.timeline [data-message-id]').first().getAttribute('data-message-id');
    await timeline.evaluate((box) => box.scrollTo(0, 0));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = await page.locator('.timeline [data-message-id]').first().getAttribute('data-message-id');
      if (now !== before || (await page.getByText(startText).isVisible())) break;
      if (Date.now() > deadline) throw new Error('scrolling back: no older messages within 30 s');
      await page.waitForTimeout(20);
    }
    most = Math.max(most, await page.locator('.timeline [data-message-id]').count());
  }
  const first = await page.locator('.timeline .text').first().textContent();
  return { most, seconds: (Date.now() - began) / 1000, first };
}

/** The writer sends BURST.perSecond messages a second into the room the page has open; long tasks are collected meanwhile. */
async function liveBurst(page, atrio, roomId) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => window.__longTasks.push(e.duration)),
    ).observe({
      type: 'longtask',
      buffered: false,
    });
  });
  const writer = atrio.members[1];
  const socket = io(atrio.url, {
    ca: atrio.ca,
    transports: ['websocket'],
    reconnection: false,
    auth: { token: writer.token },
    forceNew: true,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const total = BURST.perSecond * BURST.seconds;
  const gap = 1000 / BURST.perSecond;
  const started = Date.now();
  const acks = [];
  for (let i = 1; i <= total; i++) {
    const due = started + i * gap;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    acks.push(
      socket
        .timeout(20_000)
        .emitWithAck('message:send', { roomId, body: `ráfaga ${i}`, clientMsgId: `burst-${i}` }),
    );
  }
  const answers = await Promise.all(acks);
  const sendSeconds = (Date.now() - started) / 1000;
  socket.close();
  await page.locator('.timeline .text', { hasText: `ráfaga ${total}` }).waitFor({ timeout: 60_000 });
  const longTasks = await page.evaluate(() => window.__longTasks);
  const nodes = await page.locator('.timeline [data-message-id]').count();
  return {
    messages: total,
    acknowledged: answers.filter((a) => a.ok).length,
    sendSeconds: round(sendSeconds),
    longTasks: longTasks.length,
    longestTaskMs: round(longTasks.length ? Math.max(...longTasks) : 0),
    over100ms: longTasks.filter((d) => d > 100).length,
    messageNodes: nodes,
  };
}

async function heapMB(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1048576;
}

async function main() {
  const startedAt = new Date();
  const loadBefore = loadAverage();
  log(
    `chat client benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${round(totalmem() / 2 ** 30)} GiB, load ${loadBefore}`,
  );
  const download = initialDownload();
  log(
    `initial download: ${download.gzipKB} KB gzipped (budget ${BUDGET_KB} KB): ${download.files.map((f) => `${f.file} ${round(f.gzipBytes / 1024)} KB`).join(', ')}`,
  );

  log(`setting up: 2 users, ${ROOM_COUNT + 1} rooms of 50 messages, one of ${HISTORY}…`);
  const atrio = await startSeededAtrio({
    root,
    users: 2,
    rooms,
    settings: {
      'security.loginThrottle': { maxFailuresPerIp: 10_000, windowMinutes: 1 },
      // The script writes 100 messages a second as one person: above a member's default allowance.
      'chat.limits': { messagesPerSecond: 1000, messageBurst: 1000, eventsPerSecond: 1000 },
    },
    seed,
    log,
  });
  const profile = mkdtempSync(join(tmpdir(), 'atrio-bench-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      ignoreHTTPSErrors: true,
      locale: 'en-GB',
      viewport: { width: 1280, height: 800 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await context.newPage();
    const reader = atrio.members[0];
    await signIn(page, atrio.url, reader.username, atrio.password);

    // Opening rooms: each a first visit (nothing cached in the page), 20 in a row. The client
    // opens the first room by itself at sign-in, so the measured ones start at the second.
    await page.locator('#room-title', { hasText: 'web 01' }).waitFor();
    const measured = [];
    for (let i = 2; i <= OPENINGS + 1; i++) {
      const name = `web ${String(i).padStart(2, '0')}`;
      measured.push(await openRoom(page, name, atrio.roomIds[name]));
    }
    const afterData = measured.map((o) => o.afterData);
    const afterClick = measured.map((o) => o.afterClick);
    const open = {
      openings: measured.length,
      afterDataMs: {
        p50: round(percentile(afterData, 50)),
        p95: round(percentile(afterData, 95)),
        max: round(Math.max(...afterData)),
      },
      afterClickMs: {
        p50: round(percentile(afterClick, 50)),
        p95: round(percentile(afterClick, 95)),
        max: round(Math.max(...afterClick)),
      },
    };

    // The long room, opened at its newest message and scrolled back to the first.
    await page
      .locator('.sidebar')
      .getByRole('button', { name: /web history/ })
      .click();
    await page.locator('.timeline .text', { hasText: `Mensaje ${HISTORY}:` }).waitFor({ timeout: 60_000 });
    const scrolled = await scrollToStart(page);
    const heap = await heapMB(page);
    const long = {
      messages: HISTORY,
      mostMessageNodes: scrolled.most,
      heapMB: round(heap),
      scrollSeconds: round(scrolled.seconds),
      reachedFirst: scrolled.first?.startsWith('Mensaje 1:') ?? false,
    };

    // A live room: the page has it open while a colleague's script writes fast.
    await page.locator('.sidebar').getByRole('button', { name: 'web live', exact: true }).click();
    await page.locator('.timeline .text', { hasText: 'Mensaje 50:' }).waitFor();
    const live = await liveBurst(page, atrio, atrio.roomIds['web live']);

    const loadAfter = loadAverage();
    const results = {
      date: startedAt.toISOString(),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? '',
        memoryGiB: round(totalmem() / 2 ** 30),
        loadBefore,
        loadAfter,
      },
      chromium: context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent)),
      initialDownload: download,
      openRoom50: open,
      history: long,
      liveBurst: live,
    };
    log();
    log('| measure | figure | target |');
    log('|---|---|---|');
    log(
      `| initial download, JS + CSS gzipped | ${download.gzipKB} KB | ≤ ${BUDGET_KB} KB ${download.withinBudget ? '✓' : '✗'} |`,
    );
    log(
      `| open a room of 50: data → first paint, p50 / p95 / max (${open.openings} rooms) | ${open.afterDataMs.p50} / ${open.afterDataMs.p95} / ${open.afterDataMs.max} ms | — |`,
    );
    log(
      `| open a room of 50: click → first paint, p50 / p95 / max | ${open.afterClickMs.p50} / ${open.afterClickMs.p95} / ${open.afterClickMs.max} ms | — |`,
    );
    log(
      `| ${HISTORY} messages scrolled to the first: most message nodes at once | ${long.mostMessageNodes} | < ${TARGET_NODES} ${long.mostMessageNodes < TARGET_NODES ? '✓' : '✗'} |`,
    );
    log(
      `| same: JS heap after GC | ${long.heapMB} MB | < ${TARGET_HEAP_MB} MB ${long.heapMB < TARGET_HEAP_MB ? '✓' : '✗'} |`,
    );
    log(
      `| same: time to scroll back to the first message | ${long.scrollSeconds} s${long.reachedFirst ? '' : ' (first message NOT reached)'} | — |`,
    );
    log(
      `| ${BURST.perSecond} messages/s for ${BURST.seconds} s into the open room: long tasks, longest | ${live.longTasks}, ${live.longestTaskMs} ms (${live.over100ms} over 100 ms; ${live.acknowledged}/${live.messages} acknowledged) | ≤ 100 ms ${live.longestTaskMs <= 100 ? '✓' : '✗'} |`,
    );
    log();
    log(`load average before ${loadBefore}, after ${loadAfter} (${cpus().length} cores)`);
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, 'bench/results/web.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('written: bench/results/web.json');
    if (!long.reachedFirst || live.acknowledged !== live.messages) process.exitCode = 1;
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    await atrio.stop().catch(() => undefined);
    atrio.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
