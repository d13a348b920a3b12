#!/usr/bin/env node
// Drill `offline`: a member's client drops off for 30 s while four others keep two rooms busy.
// On return it calls `sync` per room from the last id it saw (paging past the 1 000-message cap)
// while live messages already flow again. Read from the database afterwards: it must hold every
// message of both rooms (no gap), no `sync` answer may repeat what the client had or repeat itself
// (no duplicate), and ids must come in order.
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import {
  adminLogin,
  connect,
  drillFolders,
  newMember,
  queryDb,
  raiseSetting,
  runDrill,
  sleep,
  startServer,
  syncAll,
} from '../lib/drill-kit.mjs';

const OFFLINE_SECONDS = Number(process.env.DRILL_OFFLINE_SECONDS ?? 30);
const RATE_PER_SENDER = 25; // messages/s; 4 senders, 2 rooms

await runDrill(
  'offline',
  `a client offline ${OFFLINE_SECONDS} s under load: on return, no gap and no duplicate`,
  async (report, onExit) => {
    const folders = drillFolders('offline');
    onExit(() => folders.remove());
    const server = await startServer(folders);
    onExit(() => server.stop());
    const admin = await adminLogin(server, folders);
    await raiseSetting(server, admin, 'chat.limits', {
      messagesPerSecond: 1000,
      messageBurst: 1000,
      eventsPerSecond: 10_000,
    });
    report.note(
      'chat.limits raised to 1 000 messages/s and 10 000 events/s per user (the returning client syncs in pages)',
    );
    const senders = [];
    for (let i = 0; i < 4; i++) senders.push(await newMember(server, admin, `sender${i + 1}`));
    const traveller = await newMember(server, admin, 'traveller');
    const rooms = [];
    for (const name of ['north', 'south']) {
      const room = await server.http.ok('POST', '/api/rooms', {
        token: admin,
        body: { name, visibility: 'public' },
      });
      for (const member of [...senders, traveller])
        await server.http.ok('POST', `/api/rooms/${room.id}/join`, { token: member.token });
      rooms.push(room.id);
    }

    // The traveller's view: ids per room, how many times each arrived, the cursor per room.
    const got = new Map(rooms.map((id) => [id, new Map()]));
    const cursor = new Map(rooms.map((id) => [id, 0]));
    const note = (message) => {
      const seen = got.get(message.roomId);
      if (!seen) return;
      seen.set(message.id, (seen.get(message.id) ?? 0) + 1);
      cursor.set(message.roomId, Math.max(cursor.get(message.roomId), message.id));
    };
    const attach = (socket) => socket.on('message:new', ({ message }) => note(message));

    const sockets = await Promise.all(senders.map((s) => connect(server, s.token)));
    onExit(() => sockets.forEach((s) => s.close()));
    let client = await connect(server, traveller.token);
    attach(client);
    let sent = 0;
    let refused = 0;
    const timers = sockets.map((socket, i) =>
      setInterval(() => {
        const roomId = rooms[(i + sent) % rooms.length];
        const n = sent++;
        socket
          .timeout(10_000)
          .emitWithAck('message:send', { roomId, body: `offline drill ${n}`, clientMsgId: `o-${n}` })
          .then(
            (answer) => answer.ok || refused++,
            () => refused++,
          );
      }, 1000 / RATE_PER_SENDER),
    );
    onExit(() => timers.forEach(clearInterval));

    await sleep(3000);
    client.close(); // offline
    const wentAt = performance.now();
    const before = new Map(rooms.map((id) => [id, cursor.get(id)]));
    await sleep(OFFLINE_SECONDS * 1000);

    // Back: connect (live messages flow at once), then sync every room from its cursor.
    client = await connect(server, traveller.token);
    attach(client);
    const offlineSeconds = (performance.now() - wentAt) / 1000;
    const t0 = performance.now();
    let syncCalls = 0;
    let repeats = 0; // a sync answer at or below afterId, or the same id twice across pages
    let outOfOrder = 0;
    let caughtUp = 0;
    for (const roomId of rooms) {
      const from = before.get(roomId);
      const result = await syncAll(client, roomId, from);
      syncCalls += result.calls;
      caughtUp += result.messages.length;
      const ids = result.messages.map((m) => m.id);
      repeats += ids.filter((id) => id <= from).length + (ids.length - new Set(ids).size);
      outOfOrder += ids.filter((id, i) => i > 0 && id <= ids[i - 1]).length;
      result.messages.forEach(note);
    }
    const syncMs = performance.now() - t0;
    await sleep(3000); // live traffic goes on after the return
    timers.forEach(clearInterval);
    await sleep(1500); // the last acks and deliveries
    client.close();
    await server.stop();

    let gaps = 0;
    let total = 0;
    let overlap = 0;
    for (const roomId of rooms) {
      const ids = queryDb(folders.dataDir, 'SELECT id FROM messages WHERE room_id = ?', roomId).map(
        (r) => r.id,
      );
      total += ids.length;
      const seen = got.get(roomId);
      // Only what was written after the traveller first connected is owed to it.
      gaps += ids.filter((id) => id > Math.min(...seen.keys()) && !seen.has(id)).length;
      overlap += [...seen.values()].filter((n) => n > 1).length;
    }
    const missedWhileAway = caughtUp;
    report.figure('offline for', offlineSeconds, 's');
    report.figure('offered load', 4 * RATE_PER_SENDER, 'messages/s over 2 rooms');
    report.figure('messages sent (refused)', `${sent} (${refused})`);
    report.figure('caught up by sync on return', missedWhileAway);
    report.figure(
      'sync calls (≤ 1 000 messages each) / time to catch up',
      `${syncCalls} / ${Math.round(syncMs)} ms`,
    );
    report.figure('messages in both rooms (database)', total);
    report.figure('received both live and by sync (deduplicated by id)', overlap);
    report.check(
      'the client missed a real backlog and caught up with it',
      missedWhileAway >= OFFLINE_SECONDS * 4 * RATE_PER_SENDER * 0.5,
      `${missedWhileAway} messages by sync`,
    );
    report.check(
      'no gap: the client has every message of both rooms',
      gaps === 0 && refused === 0,
      `${gaps} missing, ${refused} sends refused`,
    );
    report.check(
      'no duplicate, in order: sync never repeats what the client had or itself',
      repeats === 0 && outOfOrder === 0,
      `${repeats} repeated, ${outOfOrder} out of order`,
    );
  },
);
