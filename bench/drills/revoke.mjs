#!/usr/bin/env node
// Drill `revoke`: a member has two sessions with open sockets in a busy room. They log one session
// out; then an administrator revokes all of their sessions. After each, no event may reach a socket
// of an ended session more than 1 s later, the other session's sockets keep receiving, and the old
// tokens open nothing (socket or REST).
import { performance } from 'node:perf_hooks';
import {
  ack,
  adminLogin,
  connect,
  drillFolders,
  newMember,
  raiseSetting,
  runDrill,
  sleep,
  startServer,
} from '../lib/drill-kit.mjs';

const LIMIT_MS = 1000;
const SEND_EVERY_MS = 10;

await runDrill(
  'revoke',
  'no event reaches the sockets of a revoked session more than 1 s after revocation',
  async (report, onExit) => {
    const folders = drillFolders('revoke');
    onExit(() => folders.remove());
    const server = await startServer(folders);
    onExit(() => server.stop());
    const admin = await adminLogin(server, folders);
    await raiseSetting(server, admin, 'chat.limits', {
      messagesPerSecond: 1000,
      messageBurst: 1000,
      eventsPerSecond: 10_000,
    });
    report.note('chat.limits raised to 1 000 messages/s for the talker (one message every 10 ms)');

    const talker = await newMember(server, admin, 'talker');
    const victim = await newMember(server, admin, 'victim');
    const second = await server.http.ok('POST', '/api/auth/login', {
      body: { username: victim.username, password: victim.password },
    });
    const room = await server.http.ok('POST', '/api/rooms', {
      token: talker.token,
      body: { name: 'busy', visibility: 'public' },
    });
    await server.http.ok('POST', `/api/rooms/${room.id}/join`, { token: victim.token });

    // Every socket notes when each message reaches it and when it is disconnected.
    const watch = async (token, label) => {
      const socket = await connect(server, token);
      const seen = { label, socket, arrivals: [], disconnectedAt: undefined };
      socket.on('message:new', () => seen.arrivals.push(performance.now()));
      socket.on('disconnect', () => (seen.disconnectedAt ??= performance.now()));
      return seen;
    };
    const first = [];
    const other = [];
    for (let i = 0; i < 3; i++) first.push(await watch(victim.token, `session 1 socket ${i + 1}`));
    for (let i = 0; i < 2; i++) other.push(await watch(second.token, `session 2 socket ${i + 1}`));

    const talk = await connect(server, talker.token);
    onExit(() => talk.close());
    let sending = true;
    let sent = 0;
    let refused = 0;
    const loop = (async () => {
      while (sending) {
        const answer = await ack(talk, 'message:send', {
          roomId: room.id,
          body: `tick ${sent}`,
          clientMsgId: `tick-${sent}`,
        });
        if (answer.ok) sent++;
        else refused++;
        await sleep(SEND_EVERY_MS);
      }
    })();

    const lateness = (sockets, t0) => {
      const late = sockets.flatMap((s) => s.arrivals.filter((t) => t - t0 > LIMIT_MS));
      const last = Math.max(
        ...sockets.map((s) => Math.max(-Infinity, ...s.arrivals.filter((t) => t >= t0)) - t0),
      );
      const disconnect = Math.max(...sockets.map((s) => (s.disconnectedAt ?? Infinity) - t0));
      const before = Math.min(...sockets.map((s) => s.arrivals.filter((t) => t < t0).length));
      return { late: late.length, last: Math.max(0, last), disconnect, before };
    };

    // Phase 1: the member logs session 2 out; session 1 must keep receiving.
    await sleep(1000);
    const t1 = performance.now();
    await server.http.ok('POST', '/api/auth/logout', { token: second.token });
    const logoutMs = performance.now() - t1;
    await sleep(2500);
    const afterLogout = lateness(other, t1);
    const keptReceiving = Math.min(...first.map((s) => s.arrivals.filter((t) => t > t1 + LIMIT_MS).length));
    report.figure('logout: call took', logoutMs, 'ms');
    report.figure('logout: events each ended socket had before (min)', afterLogout.before);
    report.figure('logout: last event on an ended socket after the call', afterLogout.last, 'ms');
    report.figure('logout: slowest disconnect after the call', afterLogout.disconnect, 'ms');
    report.figure('logout: events on the other session later than 1 s (min per socket)', keptReceiving);
    report.check(
      'logout: the ended session had been receiving',
      afterLogout.before > 10,
      `${afterLogout.before} events per socket before`,
    );
    report.check(
      'logout: no event reaches its sockets more than 1 s later; all disconnected',
      afterLogout.late === 0 && afterLogout.disconnect <= LIMIT_MS,
      `${afterLogout.late} late events, last at ${Math.round(afterLogout.last)} ms, disconnected by ${Math.round(afterLogout.disconnect)} ms`,
    );
    report.check(
      'logout: the other session keeps receiving',
      keptReceiving > 10,
      `${keptReceiving} events per socket after 1 s`,
    );

    // Phase 2: an administrator revokes every session of the member.
    const t2 = performance.now();
    const revoked = await server.http.call('POST', `/api/admin/users/${victim.id}/revoke-sessions`, {
      token: admin,
    });
    const revokeMs = performance.now() - t2;
    await sleep(2500);
    sending = false;
    await loop;
    const afterRevoke = lateness(first, t2);
    report.figure('revoke: call took', revokeMs, 'ms');
    report.figure('revoke: last event on a revoked socket after the call', afterRevoke.last, 'ms');
    report.figure('revoke: slowest disconnect after the call', afterRevoke.disconnect, 'ms');
    report.figure('messages sent by the talker (refused)', `${sent} (${refused})`);
    report.check(
      'revoke: no event reaches the sockets more than 1 s later; all disconnected',
      revoked.status < 300 &&
        afterRevoke.before > 10 &&
        afterRevoke.late === 0 &&
        afterRevoke.disconnect <= LIMIT_MS,
      `answer ${revoked.status}, ${afterRevoke.before} events per socket before, ${afterRevoke.late} late, last at ${Math.round(afterRevoke.last)} ms, disconnected by ${Math.round(afterRevoke.disconnect)} ms`,
    );

    // The old tokens open nothing.
    const refusals = [];
    for (const token of [victim.token, second.token]) {
      refusals.push(
        await connect(server, token).then(
          (s) => (s.close(), 'connected'),
          (error) => error.message,
        ),
      );
    }
    const rest = await server.http.call('GET', '/api/auth/me', { token: victim.token });
    report.check(
      'the ended tokens are refused: socket UNAUTHORIZED, REST 401',
      refusals.every((r) => r === 'UNAUTHORIZED') && rest.status === 401,
      `socket: ${refusals.join(', ')}; REST ${rest.status}`,
    );
  },
);
