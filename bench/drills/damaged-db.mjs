#!/usr/bin/env node
// Drill `damaged-db`: the SQLite file is damaged while the server is stopped — once its header
// (not a database any more), once the messages table (the file still opens). Each time the start
// must refuse at once with one clear line that names the damage and the recovery (no stack trace);
// then the documented recovery — `atrio backup restore <last good backup>` with the server
// stopped — must bring it back with the backup's data, and the server must serve again.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ack,
  adminLogin,
  connect,
  drillFolders,
  newMember,
  raiseSetting,
  runCli,
  runDrill,
  startExpectingRefusal,
  startServer,
} from '../lib/drill-kit.mjs';
import { damageHeader, damageTable } from '../lib/sqlite-damage.mjs';

await runDrill(
  'damaged-db',
  'a database damaged while stopped: the start refuses clearly, the documented restore brings it back',
  async (report, onExit) => {
    const folders = drillFolders('damaged-db');
    onExit(() => folders.remove());
    const t0 = Date.now();
    let server = await startServer(folders);
    report.figure('a normal first start takes (for comparison)', Date.now() - t0, 'ms');
    onExit(() => server.stop());
    let admin = await adminLogin(server, folders);
    await raiseSetting(server, admin, 'chat.limits', {
      messagesPerSecond: 1000,
      messageBurst: 1000,
      eventsPerSecond: 10_000,
    });
    report.note(
      'chat.limits raised to 1 000 messages/s and 10 000 events/s (set-up sends 120 messages at once)',
    );
    const member = await newMember(server, admin, 'writer');
    const room = await server.http.ok('POST', '/api/rooms', {
      token: member.token,
      body: { name: 'ledger', visibility: 'public' },
    });
    const send = async (from, to) => {
      const socket = await connect(server, member.token);
      for (let i = from; i < to; i++) {
        const answer = await ack(socket, 'message:send', {
          roomId: room.id,
          body: `entry ${i} ${'x'.repeat(300)}`,
          clientMsgId: `e-${i}`,
        });
        if (!answer.ok) throw new Error(`send ${i}: ${JSON.stringify(answer.error)}`);
      }
      socket.close();
    };
    const history = async (token) =>
      (await server.http.ok('GET', `/api/rooms/${room.id}/messages?limit=200`, { token })).messages;

    await send(0, 100);
    const backup = (await server.http.ok('POST', '/api/admin/backups', { token: admin })).id;
    const atBackup = (await history(admin)).length;
    await send(100, 120); // written after the last backup: a restore cannot bring these back
    await server.stop();

    const db = join(folders.dataDir, 'atrio.db');
    const pristine = join(folders.tmp, 'pristine.db');
    copyFileSync(db, pristine);
    for (const [kind, damage] of [
      ['header overwritten', () => damageHeader(db)],
      ['messages table damaged (the file still opens)', () => damageTable(db, 'messages')],
    ]) {
      copyFileSync(pristine, db);
      damage();
      const start = startExpectingRefusal(folders);
      const printed = `${start.stderr}${start.stdout}`.trim();
      const names = printed.includes('damaged') && printed.includes(`atrio backup restore ${backup}`);
      const noStack = !/\n\s+at /.test(printed);
      report.figure(`${kind}: refused in`, start.ms, 'ms');
      report.log(`  ${kind}: the start printed: ${printed}`);
      report.check(
        `${kind}: the start refuses, in one line naming the damage and the recovery`,
        start.code !== 0 && start.code !== 'timeout' && names && noStack && printed.split('\n').length === 1,
        `exit ${start.code} after ${start.ms} ms; names damage and backup: ${names}; stack trace: ${!noStack}`,
      );
    }

    // The documented recovery, with the server stopped.
    const recovery = runCli(folders, ['backup', 'restore', backup, '--yes', '--json']);
    let answer;
    try {
      answer = JSON.parse(recovery.stdout);
    } catch {
      answer = { raw: recovery.stdout.slice(0, 300), stderr: recovery.stderr.slice(0, 300) };
    }
    report.check(
      'atrio backup restore <last good backup> succeeds and keeps the damaged file',
      recovery.code === 0 &&
        answer.damagedFileKeptAs &&
        existsSync(join(folders.dataDir, answer.damagedFileKeptAs)),
      `exit ${recovery.code}: ${JSON.stringify(answer).slice(0, 200)}`,
    );

    server = await startServer(folders);
    admin = await adminLogin(server, folders);
    const after = await history(admin);
    const check = await server.http.call('GET', '/api/admin/database/check', { token: admin });
    report.figure('messages in the room at the backup / after recovery', `${atBackup} / ${after.length}`);
    report.figure('messages written after the last backup (lost, as a backup restore implies)', 20);
    report.check(
      'after recovery the server starts with the backup’s data and a sound database',
      after.length === atBackup && check.status === 200 && check.body?.ok === true,
      `${after.length} messages (backup had ${atBackup}); database check ${check.status} ok=${check.body?.ok} ${JSON.stringify(check.body?.problems ?? [])}`,
    );
    const relogin = await server.http.call('POST', '/api/auth/login', {
      body: { username: member.username, password: member.password },
    });
    const socket = relogin.body?.token ? await connect(server, relogin.body.token) : undefined;
    const sent = socket
      ? await ack(socket, 'message:send', {
          roomId: room.id,
          body: 'back in business',
          clientMsgId: 'after-recovery',
        })
      : {};
    socket?.close();
    report.check(
      'members log in and chat again, and new ids keep growing',
      relogin.status === 200 && sent.ok && sent.message.id > after.at(-1).id,
      `login ${relogin.status}; send ${sent.ok ? `ok, id ${sent.message.id}` : JSON.stringify(sent.error)}`,
    );
  },
);
