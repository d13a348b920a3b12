#!/usr/bin/env node
// Drill `disk-full`: the data folder is a 48 MiB tmpfs. The disk fills up while a member is
// sending, and again while a backup is being written. No message may be acknowledged without being
// stored; every refusal must say UNAVAILABLE "disk is full"; reads keep working; a backup on a full
// disk fails and leaves nothing behind; and once space returns everything works again without a
// restart. Needs root (mount), as CI has.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ack,
  adminLogin,
  connect,
  drillFolders,
  newMember,
  queryDb,
  raiseSetting,
  runDrill,
  sleep,
  startServer,
} from '../lib/drill-kit.mjs';
import { fill, mountSmallDisk, unfill } from '../lib/small-disk.mjs';

const BIG = 'x'.repeat(16_000);

await runDrill(
  'disk-full',
  'disk full during writes and during a backup: no false ack, clear error, reads served, recovery by itself',
  async (report, onExit) => {
    const folders = drillFolders('disk-full');
    onExit(() => folders.remove());
    const mount = join(folders.tmp, 'small-disk');
    mkdirSync(mount);
    let disk;
    try {
      disk = mountSmallDisk(mount, 48);
    } catch (error) {
      throw new Error(`cannot mount a 48 MiB tmpfs (needs root): ${error.message.split('\n')[0]}`, {
        cause: error,
      });
    }
    onExit(() => disk.unmount());
    folders.dataDir = join(mount, 'data');
    mkdirSync(folders.dataDir);
    const server = await startServer(folders);
    onExit(() => server.stop());
    const admin = await adminLogin(server, folders);
    await raiseSetting(server, admin, 'chat.limits', {
      maxBodyLength: 20_000,
      // The highest limits the setting allows: once the disk is full, refusals come back in well
      // under a millisecond and this one sender would otherwise outrun a lower limit, mixing
      // RATE_LIMITED refusals into the disk-full ones the drill is about.
      messagesPerSecond: 10_000,
      messageBurst: 10_000,
      eventsPerSecond: 100_000,
    });
    report.note(
      'chat.limits raised to their maximum: 20 000-character bodies, 10 000 messages/s (to grow the database quickly and keep rate limits out of the drill)',
    );
    const member = await newMember(server, admin, 'writer');
    const room = await server.http.ok('POST', '/api/rooms', {
      token: member.token,
      body: { name: 'full', visibility: 'public' },
    });
    const socket = await connect(server, member.token);
    onExit(() => socket.close());

    const acked = new Map(); // clientMsgId -> id
    const refusals = new Map(); // "CODE: message" -> count
    let seq = 0;
    const sendOne = async (body = `${BIG} ${seq}`) => {
      const clientMsgId = `full-${seq++}`;
      const answer = await ack(socket, 'message:send', { roomId: room.id, body, clientMsgId });
      if (answer.ok) acked.set(clientMsgId, answer.message.id);
      else {
        const key = `${answer.error.code}: ${answer.error.message}`;
        refusals.set(key, (refusals.get(key) ?? 0) + 1);
      }
      return answer;
    };

    // A database of ~8 MB, so that a backup needs more room than will be left.
    for (let i = 0; i < 500; i++) await sendOne();
    const grown = acked.size;

    // 1. The disk fills up while the member keeps sending.
    let sending = true;
    let sentDuringFill = 0;
    const writer = (async () => {
      while (sending) {
        await sendOne();
        sentDuringFill++;
      }
    })();
    const filled = await fill(disk);
    await sleep(1000);
    sending = false;
    await writer;
    const whileFull = [];
    for (let i = 0; i < 10; i++) whileFull.push(await sendOne());
    const history = await server.http.call('GET', `/api/rooms/${room.id}/messages?limit=50`, {
      token: member.token,
    });
    const rooms = await server.http.call('GET', '/api/rooms', { token: member.token });
    const health = await server.http.call('GET', '/api/health');
    const fullBackup = await server.http.call('POST', '/api/admin/backups', { token: admin });
    report.figure('database grown before the fill', `${grown} messages of 16 000 characters`);
    report.figure('filler written until ENOSPC', filled / 2 ** 20, 'MiB');
    report.figure('sends while the disk filled', sentDuringFill);
    report.check(
      'while full, every send is refused UNAVAILABLE "disk is full" (no other error, no silence)',
      whileFull.every(
        (a) => !a.ok && a.error.code === 'UNAVAILABLE' && /disk is full/.test(a.error.message),
      ) && [...refusals.keys()].every((k) => /^UNAVAILABLE: .*disk is full/.test(k)),
      [...refusals.entries()].map(([k, n]) => `${n}× ${k}`).join('; '),
    );
    report.check(
      'reads keep being served (history, rooms)',
      history.status === 200 && rooms.status === 200,
      `history ${history.status}, rooms ${rooms.status}`,
    );
    report.check(
      'health says so: 503 with the free bytes',
      health.status === 503 && health.body?.error?.details?.diskFreeBytes !== undefined,
      `${health.status} ${JSON.stringify(health.body?.error ?? health.body).slice(0, 140)}`,
    );
    report.check(
      'a backup on the full disk fails cleanly: 503 UNAVAILABLE',
      fullBackup.status === 503 && fullBackup.body?.error?.code === 'UNAVAILABLE',
      `${fullBackup.status} ${fullBackup.body?.error?.message}`,
    );

    // 2. The disk fills up during a backup: room for the health check, not for the copy.
    await unfill(disk);
    await sleep(1500);
    const dbBytes = queryDb(
      folders.dataDir,
      'SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()',
    )[0].n;
    await fill(disk, { leaveBytes: Math.round(dbBytes / 2) });
    const freeBeforeBackup = disk.freeBytes();
    const midBackup = await server.http.call('POST', '/api/admin/backups', { token: admin });
    const leftovers = readdirSync(join(folders.dataDir, 'backups')).filter(
      (n) => !/^\d{8}-\d{6}-[0-9a-f]{4}\.json$/.test(n),
    );
    const manifests = await server.http.ok('GET', '/api/admin/backups', { token: admin });
    report.figure(
      'database size / free space when the backup started',
      `${(dbBytes / 2 ** 20).toFixed(1)} / ${(freeBeforeBackup / 2 ** 20).toFixed(1)}`,
      'MiB',
    );
    report.check(
      'a backup that runs out of space fails: 503, no file left behind, nothing listed as good',
      midBackup.status === 503 && leftovers.length === 0 && manifests.every((m) => m.status === 'failed'),
      `${midBackup.status} ${midBackup.body?.error?.message ?? ''}; leftover files: ${leftovers.join(', ') || 'none'}; manifests: ${manifests.map((m) => m.status).join(', ')}`,
    );

    // 3. Space returns: everything resumes, no restart.
    await unfill(disk);
    const t0 = performance.now();
    let healthy = 0;
    while (performance.now() - t0 < 30_000) {
      if ((await server.http.call('GET', '/api/health')).status === 200) {
        healthy = performance.now() - t0;
        break;
      }
      await sleep(250);
    }
    const resumed = await sendOne('after the disk was freed');
    const backup = await server.http.call('POST', '/api/admin/backups', { token: admin });
    const verify =
      backup.status === 201
        ? await server.http.call('POST', `/api/admin/backups/${backup.body.id}/verify`, { token: admin })
        : { body: {} };
    report.figure('health back to 200 after freeing space', healthy, 'ms');
    report.check(
      'after freeing space: healthy, sends acknowledged, a backup taken and verified — no restart',
      healthy > 0 && resumed.ok && backup.status === 201 && verify.body?.ok === true,
      `health after ${Math.round(healthy)} ms; send ${resumed.ok ? 'ok' : resumed.error?.code}; backup ${backup.status}; verify ${verify.body?.ok}`,
    );

    // 4. No false ack: every acknowledged message is in the database file.
    socket.close();
    await server.stop();
    const stored = new Map(
      queryDb(folders.dataDir, 'SELECT client_msg_id, id FROM messages WHERE room_id = ?', room.id).map(
        (r) => [r.client_msg_id, r.id],
      ),
    );
    const missing = [...acked.entries()].filter(([cid, id]) => stored.get(cid) !== id);
    const refusedButStored = [...stored.keys()].filter((cid) => cid?.startsWith('full-') && !acked.has(cid));
    report.figure(
      'acknowledged / refused sends',
      `${acked.size} / ${[...refusals.values()].reduce((a, b) => a + b, 0)}`,
    );
    report.figure('refused sends that were stored anyway', refusedButStored.length);
    report.check(
      'no false ack: every acknowledged message is stored',
      missing.length === 0 && acked.size > grown,
      `${missing.length} of ${acked.size} missing`,
    );
  },
);
