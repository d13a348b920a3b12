#!/usr/bin/env node
// Drill `kill9`: under a steady load of sends, the server is killed with SIGKILL 20 times, each at
// a random moment. After each restart the senders resend what was never acknowledged (same
// clientMsgId: the server must answer the stored original, not store it twice) and a reader that
// was connected all along catches up with `sync` from the last id it saw. In the end, read from
// the database file: every acknowledged message is stored exactly once, with the id its ack gave,
// and the reader has every message of the room — no gap.
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import {
  ack,
  adminLogin,
  connect,
  drillFolders,
  newMember,
  percentile,
  queryDb,
  raiseSetting,
  runDrill,
  sleep,
  startServer,
  syncAll,
} from '../lib/drill-kit.mjs';

const ROUNDS = Number(process.env.DRILL_KILL9_ROUNDS ?? 20);
const SENDERS = 4;
const RATE_PER_SENDER = Number(process.env.DRILL_KILL9_RATE ?? 50); // messages/s each

await runDrill(
  'kill9',
  `kill -9 ×${ROUNDS} under steady load: every acknowledged message stored exactly once, sync with no gap`,
  async (report, onExit) => {
    const folders = drillFolders('kill9');
    onExit(() => folders.remove());
    let server = await startServer(folders);
    onExit(() => server.stop());
    const admin = await adminLogin(server, folders);
    await raiseSetting(server, admin, 'chat.limits', {
      messagesPerSecond: 1000,
      messageBurst: 1000,
      eventsPerSecond: 10_000,
    });
    report.note(
      'chat.limits raised to 1 000 messages/s and 10 000 events/s per user (the load is 50 messages/s per sender, resends come in bursts)',
    );
    const senders = [];
    for (let i = 0; i < SENDERS; i++) senders.push(await newMember(server, admin, `sender${i + 1}`));
    const reader = await newMember(server, admin, 'reader');
    const room = await server.http.ok('POST', '/api/rooms', {
      token: admin,
      body: { name: 'steady', visibility: 'public' },
    });
    for (const member of [...senders, reader])
      await server.http.ok('POST', `/api/rooms/${room.id}/join`, { token: member.token });

    // The senders' ledger: clientMsgId -> {sender, body, ackedId?}.
    const ledger = new Map();
    let nextSeq = 0;
    // The reader: every message id it has seen, and how.
    const seen = new Map(); // id -> number of times received
    let cursor = 0;
    let syncDuplicates = 0; // a sync answering an id at or below its afterId
    let syncCalls = 0;
    const restartMs = [];
    const caughtUp = [];
    let resent = 0;
    let resentAlreadyStored = 0;
    let ackFailures = 0;
    const roundsWithLoss = [];

    const noteSeen = (message) => {
      seen.set(message.id, (seen.get(message.id) ?? 0) + 1);
      cursor = Math.max(cursor, message.id);
    };

    for (let round = 0; round <= ROUNDS; round++) {
      const sockets = await Promise.all(senders.map((s) => connect(server, s.token)));
      const readerSocket = await connect(server, reader.token);
      readerSocket.on('message:new', ({ message }) => message.roomId === room.id && noteSeen(message));
      // The reader catches up from the last id it saw before the kill.
      const before = cursor;
      const caught = await syncAll(readerSocket, room.id, cursor);
      syncCalls += caught.calls;
      syncDuplicates += caught.messages.filter((m) => m.id <= before).length;
      caught.messages.forEach(noteSeen);
      if (round > 0) caughtUp.push(caught.messages.length);

      // Resend everything never acknowledged, with its original clientMsgId.
      const highestBefore = cursor;
      const unacked = [...ledger.entries()].filter(([, entry]) => entry.ackedId === undefined);
      await Promise.all(
        unacked.map(async ([clientMsgId, entry]) => {
          const answer = await ack(sockets[entry.sender], 'message:send', {
            roomId: room.id,
            body: entry.body,
            clientMsgId,
          });
          resent++;
          if (answer.ok) {
            entry.ackedId = answer.message.id;
            if (answer.message.id <= highestBefore) resentAlreadyStored++;
          } else ackFailures++;
        }),
      );
      if (round === ROUNDS) {
        // The resends that were new reach the reader live (no further sync: it would hide a gap).
        await sleep(1000);
        readerSocket.close();
        sockets.forEach((s) => s.close());
        break;
      }

      // Steady load, then SIGKILL at a random moment 0.8–2.3 s in.
      const timers = sockets.map((socket, sender) =>
        setInterval(() => {
          const clientMsgId = `k9-${nextSeq++}`;
          const entry = { sender, body: `kill9 round ${round} ${clientMsgId}` };
          ledger.set(clientMsgId, entry);
          socket
            .timeout(5000)
            .emitWithAck('message:send', { roomId: room.id, body: entry.body, clientMsgId })
            .then(
              (answer) => {
                if (answer.ok) entry.ackedId = answer.message.id;
                else ackFailures++;
              },
              () => undefined, // cut off by the kill: resent after the restart
            );
        }, 1000 / RATE_PER_SENDER),
      );
      await sleep(800 + Math.random() * 1500);
      await server.kill();
      timers.forEach(clearInterval);
      await sleep(200); // acks already on the wire are still read
      readerSocket.close();
      sockets.forEach((s) => s.close());
      const t0 = performance.now();
      server = await startServer(folders);
      restartMs.push(performance.now() - t0);
      // Right after the restart, before anything is resent: every message acknowledged so far is
      // in the database file, under its ack's id.
      const present = new Map(
        queryDb(
          folders.dataDir,
          'SELECT id, author_id, client_msg_id FROM messages WHERE room_id = ?',
          room.id,
        ).map((row) => [`${row.author_id}:${row.client_msg_id}`, row.id]),
      );
      const lost = [...ledger.entries()].filter(
        ([cid, e]) => e.ackedId !== undefined && present.get(`${senders[e.sender].id}:${cid}`) !== e.ackedId,
      ).length;
      if (lost > 0) roundsWithLoss.push(`round ${round + 1}: ${lost}`);
    }
    await server.stop();

    // The truth, from the database file.
    const rows = queryDb(
      folders.dataDir,
      'SELECT id, author_id, client_msg_id FROM messages WHERE room_id = ?',
      room.id,
    );
    const byClientId = new Map();
    let storedTwice = 0;
    for (const row of rows) {
      if (!row.client_msg_id?.startsWith('k9-')) continue;
      const key = `${row.author_id}:${row.client_msg_id}`;
      if (byClientId.has(key)) storedTwice++;
      byClientId.set(key, row.id);
    }
    const senderIds = senders.map((s) => s.id);
    const acked = [...ledger.entries()].filter(([, e]) => e.ackedId !== undefined);
    const missing = acked.filter(([cid, e]) => !byClientId.has(`${senderIds[e.sender]}:${cid}`));
    const wrongId = acked.filter(
      ([cid, e]) =>
        byClientId.has(`${senderIds[e.sender]}:${cid}`) &&
        byClientId.get(`${senderIds[e.sender]}:${cid}`) !== e.ackedId,
    );
    const gaps = rows.filter((row) => !seen.has(row.id));
    const receivedTwice = [...seen.values()].filter((n) => n > 1).length;

    report.figure('kills (SIGKILL) under load', ROUNDS);
    report.figure('offered load', SENDERS * RATE_PER_SENDER, 'messages/s');
    report.figure('messages sent (distinct clientMsgId)', ledger.size);
    report.figure('acknowledged in the end', acked.length);
    report.figure('resent after a restart (no ack before the kill)', resent);
    report.figure('… of which the server already had (ack lost in the kill)', resentAlreadyStored);
    report.figure('refused acks (not ok)', ackFailures);
    report.figure(
      'restart time p50 / max',
      `${Math.round(percentile(restartMs, 50))} / ${Math.round(Math.max(...restartMs))}`,
      'ms',
    );
    report.figure(
      'messages the reader caught up by sync per restart p50 / max',
      `${percentile(caughtUp, 50)} / ${Math.max(...caughtUp)}`,
    );
    report.figure('sync calls', syncCalls);
    report.figure('messages in the room (database)', rows.length);
    report.figure('received by the reader twice (live and sync overlap; deduplicated by id)', receivedTwice);

    report.check(
      'every message was finally acknowledged',
      acked.length === ledger.size && ledger.size > ROUNDS * 50,
      `${acked.length} of ${ledger.size}`,
    );
    report.check(
      'after each restart, every message acknowledged before the kill is stored',
      roundsWithLoss.length === 0,
      roundsWithLoss.length ? roundsWithLoss.join(', ') : `checked after each of ${ROUNDS} restarts`,
    );
    report.check(
      'every acknowledged message is stored',
      missing.length === 0,
      `${missing.length} missing${
        missing.length
          ? `: ${missing
              .slice(0, 5)
              .map(([c]) => c)
              .join(', ')}`
          : ''
      }`,
    );
    report.check(
      'stored exactly once, under the id its ack gave',
      storedTwice === 0 && wrongId.length === 0,
      `${storedTwice} stored twice, ${wrongId.length} under another id`,
    );
    report.check(
      'the reader has every message of the room: no gap',
      gaps.length === 0,
      `${gaps.length} never received${
        gaps.length
          ? ` (ids ${gaps
              .slice(0, 5)
              .map((g) => g.id)
              .join(', ')})`
          : ''
      }`,
    );
    report.check(
      'sync never answered what the reader already had',
      syncDuplicates === 0,
      `${syncDuplicates} ids at or below afterId`,
    );
  },
);
