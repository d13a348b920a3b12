#!/usr/bin/env node
// Drill `slowloris`: 5 000 half-open connections (TCP open, never a byte of TLS) and 200 slowloris
// connections (TLS done, request headers dribbled a line a second) hit the server while two members
// chat. The chat must go on (nothing lost, latency bounded, new logins and sockets work), the
// server must close every attacking connection once its first-request deadline passes
// (`network.connections.firstRequestSeconds`), and its memory and open files must stay bounded and
// come back down.
import { fork } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { rssMiB, runQueueWaitMs } from '../lib/proc.mjs';
import {
  adminLogin,
  connect,
  drillFolders,
  newMember,
  percentile,
  prioritize,
  raiseSetting,
  runDrill,
  sleep,
  startServer,
} from '../lib/drill-kit.mjs';

const HALF_OPEN = Number(process.env.DRILL_SLOWLORIS_HALF_OPEN ?? 5000);
const DRIBBLERS = Number(process.env.DRILL_SLOWLORIS_DRIBBLERS ?? 200);
const SEND_EVERY_MS = 50;
const NICE = Number(process.env.DRILL_NICE ?? -10);
const ATTACKER = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'slowloris-attacker.mjs');

const openFiles = (pid) => readdirSync(`/proc/${pid}/fd`).length;

await runDrill(
  'slowloris',
  `${HALF_OPEN} half-open sockets and ${DRIBBLERS} slowloris connections: others keep chatting, resources bounded`,
  async (report, onExit) => {
    const folders = drillFolders('slowloris');
    onExit(() => folders.remove());
    const server = await startServer(folders);
    onExit(() => server.stop());
    // The server, this client and the attacker share the machine with whatever else runs on it:
    // ask for the CPU first (root), so that the figures are about the attack, not the neighbours.
    const prioritized = prioritize([server.pid], NICE);
    report.note(
      prioritized
        ? `server, client and attacker run at nice ${NICE} (DRILL_NICE)`
        : 'could not raise the priority (not root): other work on the machine may inflate latencies',
    );
    const admin = await adminLogin(server, folders);
    // Every attacking connection comes from 127.0.0.1, like the chatters: the per-address cap (1 000
    // by default) would refuse them all at once and prove nothing about the deadline.
    const guard = await raiseSetting(server, admin, 'network.connections', {
      maxPerAddress: HALF_OPEN + DRIBBLERS + 500,
    });
    report.note(
      `network.connections.maxPerAddress raised to ${guard.maxPerAddress} (all connections come from 127.0.0.1); maxTotal ${guard.maxTotal}, firstRequestSeconds ${guard.firstRequestSeconds} unchanged`,
    );
    await raiseSetting(server, admin, 'chat.limits', { messagesPerSecond: 100, messageBurst: 100 });
    report.note('chat.limits raised to 100 messages/s (one message every 50 ms)');
    const alice = await newMember(server, admin, 'alice');
    const bob = await newMember(server, admin, 'bob');
    const room = await server.http.ok('POST', '/api/rooms', {
      token: alice.token,
      body: { name: 'calm', visibility: 'public' },
    });
    await server.http.ok('POST', `/api/rooms/${room.id}/join`, { token: bob.token });

    const sender = await connect(server, alice.token);
    const receiver = await connect(server, bob.token);
    onExit(() => (sender.close(), receiver.close()));
    const sent = new Map(); // body -> {at, ackMs?}
    const arrived = new Map(); // body -> latency ms
    receiver.on('message:new', ({ message }) => {
      const s = sent.get(message.body);
      if (s) arrived.set(message.body, performance.now() - s.at);
    });
    let n = 0;
    const chat = setInterval(() => {
      const body = `calm ${n}`;
      const entry = { at: performance.now() };
      sent.set(body, entry);
      sender
        .timeout(10_000)
        .emitWithAck('message:send', { roomId: room.id, body, clientMsgId: `c-${n++}` })
        .then(
          (a) => (entry.ackMs = a.ok ? performance.now() - entry.at : undefined),
          () => undefined,
        );
    }, SEND_EVERY_MS);
    onExit(() => clearInterval(chat));

    await sleep(3000);
    const baseline = { rss: rssMiB(server.pid), files: openFiles(server.pid) };
    const attackAt = performance.now();
    // This process's own event-loop delay: a chat latency is only the server's if the client was not stalled.
    // And how long the server's main thread waited for a CPU (other work on this machine).
    const wait0 = runQueueWaitMs(server.pid);
    const ownLoop = monitorEventLoopDelay({ resolution: 10 });
    ownLoop.enable();

    // The attack, from its own process (so that its work never delays the chat measured here).
    const attacker = fork(ATTACKER, [String(server.port), String(HALF_OPEN), String(DRIBBLERS)], {
      stdio: 'inherit',
    });
    onExit(() => attacker.kill());
    prioritize([attacker.pid], NICE);
    const messages = [];
    attacker.on('message', (m) => messages.push(m));
    const next = async (key, timeoutMs) => {
      const until = performance.now() + timeoutMs;
      while (performance.now() < until) {
        const found = messages.find((m) => key in m);
        if (found) return found;
        await sleep(100);
      }
      throw new Error(`the attacker did not report ${key} within ${timeoutMs / 1000} s`);
    };
    const { opened, refused: refusedOpen } = await next('opened', 120_000);
    const openedMs = performance.now() - attackAt; // includes starting the attacker process
    const ownLoopOpening = ownLoop.max / 1e6;
    ownLoop.reset();
    const peak = { rss: rssMiB(server.pid), files: openFiles(server.pid) };

    // During the attack, someone logs in and connects a new socket.
    const loginAt = performance.now();
    const login = await server.http.call('POST', '/api/auth/login', {
      body: { username: bob.username, password: bob.password },
    });
    const loginMs = performance.now() - loginAt;
    const fresh = login.body?.token
      ? await connect(server, login.body.token).then(
          (s) => (s.close(), 'connected'),
          (e) => e.message,
        )
      : 'no token';

    // Wait past the deadline for every attacking connection to be closed by the server.
    const deadlineMs = guard.firstRequestSeconds * 1000;
    const waitUntil = performance.now() + deadlineMs + 10_000;
    let peakRss = peak.rss;
    while (performance.now() < waitUntil && !messages.some((m) => 'lifetimes' in m)) {
      peakRss = Math.max(peakRss, rssMiB(server.pid));
      await sleep(500);
    }
    if (!messages.some((m) => 'lifetimes' in m)) attacker.send({ report: true });
    const lifetimes = (await next('lifetimes', 10_000)).lifetimes;
    const attackEnd = performance.now();
    const ownLoopHolding = ownLoop.max / 1e6;
    const serverWaitPct = (100 * (runQueueWaitMs(server.pid) - wait0)) / (performance.now() - attackAt);
    ownLoop.disable();
    await sleep(3000); // chat after the attack
    clearInterval(chat);
    await sleep(1000);
    const after = { rss: rssMiB(server.pid), files: openFiles(server.pid) };

    const window = (from, to) => {
      const inWindow = [...sent.entries()].filter(([, s]) => s.at >= from && s.at < to);
      const latencies = inWindow.filter(([body]) => arrived.has(body)).map(([body]) => arrived.get(body));
      return {
        count: inWindow.length,
        lost: inWindow.length - latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
      };
    };
    const before = window(0, attackAt);
    const opening = window(attackAt, attackAt + openedMs);
    const during = window(attackAt + openedMs, attackEnd);
    const later = window(attackEnd, performance.now() - 1000);
    const closed = lifetimes.filter((t) => t !== null);
    const closedInTime = closed.filter((t) => t <= deadlineMs / 1000 + 5);
    report.figure('attacking connections opened (refused at open)', `${opened} (${refusedOpen})`);
    report.figure('time to open them all', openedMs / 1000, 's');
    report.figure(
      'server closed them after (s) min / p50 / max',
      `${Math.min(...closed).toFixed(1)} / ${percentile(closed, 50).toFixed(1)} / ${Math.max(...closed).toFixed(1)}`,
    );
    report.figure(
      'RSS before / peak / after',
      `${Math.round(baseline.rss)} / ${Math.round(peakRss)} / ${Math.round(after.rss)}`,
      'MiB',
    );
    report.figure(
      'open files before / at peak / after',
      `${baseline.files} / ${peak.files} / ${after.files}`,
    );
    report.figure(
      'chat delivery p50 / p99 / max before the attack',
      `${before.p50?.toFixed(1)} / ${before.p99?.toFixed(1)} / ${before.max?.toFixed(1)}`,
      'ms',
    );
    report.figure(
      'chat delivery p50 / p99 / max while the attack opens',
      `${opening.p50?.toFixed(1)} / ${opening.p99?.toFixed(1)} / ${opening.max?.toFixed(1)}`,
      'ms',
    );
    report.figure(
      'chat delivery p50 / p99 / max while the attack holds',
      `${during.p50?.toFixed(1)} / ${during.p99?.toFixed(1)} / ${during.max?.toFixed(1)}`,
      'ms',
    );
    report.figure(
      'chat delivery p50 / p99 / max after the attack',
      `${later.p50?.toFixed(1)} / ${later.p99?.toFixed(1)} / ${later.max?.toFixed(1)}`,
      'ms',
    );
    report.figure('login during the attack', loginMs, 'ms');
    report.figure('server main thread waiting for a CPU during the attack', serverWaitPct, '% of the time');
    report.figure(
      'this client’s own event-loop delay max, opening / holding',
      `${Math.round(ownLoopOpening)} / ${Math.round(ownLoopHolding)}`,
      'ms',
    );

    report.check(
      'the attack was real: every attacking connection was open at once',
      opened === HALF_OPEN + DRIBBLERS && peak.files >= baseline.files + opened * 0.9,
      `${opened} opened, server held ${peak.files} open files`,
    );
    report.check(
      'other members keep chatting: nothing lost, p99 delivery under 500 ms while the attack holds',
      before.lost + opening.lost + during.lost + later.lost === 0 && during.count > 50 && during.p99 < 500,
      `${opening.count + during.count} messages during the attack, ${before.lost + opening.lost + during.lost + later.lost} lost, p99 ${during.p99?.toFixed(1)} ms while it holds`,
    );
    report.check(
      'a login and a new socket work during the attack',
      login.status === 200 && fresh === 'connected',
      `login ${login.status} in ${Math.round(loginMs)} ms; socket ${fresh}`,
    );
    report.check(
      `the server closes every attacking connection within its ${guard.firstRequestSeconds} s deadline (+5 s)`,
      closedInTime.length === opened && lifetimes.length === opened,
      `${closedInTime.length} of ${opened} closed in time (${lifetimes.length - closed.length} never)`,
    );
    report.check(
      'resources bounded and given back: RSS growth < 256 MiB, open files back near the start',
      peakRss - baseline.rss < 256 && after.files <= baseline.files + 50,
      `RSS +${Math.round(peakRss - baseline.rss)} MiB at peak; files ${baseline.files} → ${after.files}`,
    );
  },
);
