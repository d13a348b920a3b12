#!/usr/bin/env node
// Drill `corrupt-backup`: three backups damaged three ways — bytes flipped in the file, the file cut
// short, and a damaged database recompressed with a matching checksum (only the integrity check can
// tell) — must each be refused by the console's restore and by the CLI's, leaving the live database
// exactly as it was. A good backup, restored last, proves the same path does restore.
import { createHash } from 'node:crypto';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ack,
  adminLogin,
  connect,
  drillFolders,
  newMember,
  raiseSetting,
  runCli,
  runDrill,
  startServer,
} from '../lib/drill-kit.mjs';
import { damageTable, flipBytes } from '../lib/sqlite-damage.mjs';

await runDrill(
  'corrupt-backup',
  'a corrupted backup is refused and the live database is untouched',
  async (report, onExit) => {
    const folders = drillFolders('corrupt-backup');
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
      'chat.limits raised to 1 000 messages/s and 10 000 events/s (set-up sends 70 messages at once)',
    );
    const member = await newMember(server, admin, 'writer');
    const room = await server.http.ok('POST', '/api/rooms', {
      token: member.token,
      body: { name: 'records', visibility: 'public' },
    });
    const send = async (from, to) => {
      const socket = await connect(server, member.token);
      for (let i = from; i < to; i++) {
        const answer = await ack(socket, 'message:send', {
          roomId: room.id,
          body: `record ${i}`,
          clientMsgId: `r-${i}`,
        });
        if (!answer.ok) throw new Error(`send ${i}: ${JSON.stringify(answer.error)}`);
      }
      socket.close();
    };
    /** What must not change: every message of the room (id and text) and the accounts. */
    const fingerprint = async (token) => {
      const page = await server.http.ok('GET', `/api/rooms/${room.id}/messages?limit=200`, { token });
      const users = await server.http.call('GET', '/api/admin/users?range=[0,0]', { token });
      const text = JSON.stringify(page.messages.map((m) => [m.id, m.body, m.editedAt]));
      return {
        messages: page.messages.length,
        users: users.headers['content-range'],
        hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
      };
    };
    const backup = async () => (await server.http.ok('POST', '/api/admin/backups', { token: admin })).id;

    await send(0, 50);
    const good = await backup();
    const damaged = {
      flipped: await backup(),
      truncated: await backup(),
      'damaged inside, checksum matches': await backup(),
    };
    await send(50, 70); // the live database now differs from every backup
    const live = await fingerprint(admin);
    report.figure('live database before', `${live.messages} messages, hash ${live.hash}`);

    const backups = join(folders.dataDir, 'backups');
    flipBytes(join(backups, `${damaged.flipped}.db.gz`));
    const cut = join(backups, `${damaged.truncated}.db.gz`);
    truncateSync(cut, Math.floor(readFileSync(cut).length / 2));
    {
      // Decompress, damage the messages table, recompress and rewrite the manifest's checksum and
      // sizes: the file is a well-formed gzip whose checksum matches; only integrity_check can tell.
      const id = damaged['damaged inside, checksum matches'];
      const gz = join(backups, `${id}.db.gz`);
      const raw = join(folders.tmp, 'inner.db');
      writeFileSync(raw, gunzipSync(readFileSync(gz)));
      damageTable(raw, 'messages');
      const zipped = gzipSync(readFileSync(raw));
      writeFileSync(gz, zipped);
      const manifestPath = join(backups, `${id}.json`);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      manifest.sha256 = createHash('sha256').update(zipped).digest('hex');
      manifest.compressedBytes = zipped.length;
      manifest.sizeBytes = readFileSync(raw).length;
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    }
    const countBackups = async () =>
      (await server.http.ok('GET', '/api/admin/backups', { token: admin })).length;
    const backupsBefore = await countBackups();

    // The console's restore (server running).
    for (const [kind, id] of Object.entries(damaged)) {
      const verify = await server.http.call('POST', `/api/admin/backups/${id}/verify`, { token: admin });
      const restore = await server.http.call('POST', `/api/admin/backups/${id}/restore`, {
        token: admin,
        body: { confirm: id },
      });
      const after = await fingerprint(admin);
      report.check(
        `REST, ${kind}: verification fails, restore refused, live data unchanged`,
        verify.body?.ok === false &&
          restore.status === 409 &&
          restore.body?.error?.code === 'CONFLICT' &&
          after.hash === live.hash &&
          after.users === live.users,
        `verify ok=${verify.body?.ok}; restore ${restore.status} ${restore.body?.error?.code}: "${restore.body?.error?.message}"; live ${after.messages} messages, hash ${after.hash}`,
      );
    }
    const backupsAfter = await countBackups();
    report.check(
      'no pre-restore backup was taken for a refused restore',
      backupsAfter === backupsBefore,
      `${backupsBefore} → ${backupsAfter} backups`,
    );
    const socket = await connect(server, member.token);
    const stillWrites = await ack(socket, 'message:send', {
      roomId: room.id,
      body: 'after the refusals',
      clientMsgId: 'after',
    });
    socket.close();
    report.check(
      'the server keeps serving after the refusals',
      stillWrites.ok,
      JSON.stringify(stillWrites.error ?? 'message stored'),
    );
    const live2 = await fingerprint(admin);

    // The CLI's restore (server stopped), which is the documented recovery of a damaged database.
    await server.stop();
    for (const [kind, id] of Object.entries(damaged)) {
      const cli = runCli(folders, ['backup', 'restore', id, '--yes', '--json']);
      let answer;
      try {
        answer = JSON.parse(cli.stdout);
      } catch {
        answer = { raw: cli.stdout.slice(0, 200) };
      }
      report.check(
        `CLI, ${kind}: restore refused (exit code ≠ 0)`,
        cli.code !== 0 && cli.code !== null,
        `exit ${cli.code}: ${JSON.stringify(answer.error ?? answer).slice(0, 160)}`,
      );
    }
    server = await startServer(folders);
    const admin2 = await adminLogin(server, folders);
    const after = await fingerprint(admin2);
    report.check(
      'after the CLI refusals the live data is unchanged',
      after.hash === live2.hash,
      `${after.messages} messages, hash ${after.hash} (was ${live2.hash})`,
    );

    // Control: the good backup does restore by the same path — so the refusals above are not a
    // restore that never works.
    const restored = await server.http.call('POST', `/api/admin/backups/${good}/restore`, {
      token: admin2,
      body: { confirm: good },
    });
    const admin3 = restored.status < 300 ? await adminLogin(server, folders) : admin2;
    const rolledBack = await fingerprint(admin3);
    report.figure('good backup restored: messages now', rolledBack.messages);
    report.check(
      'control: the good backup restores (50 records, not 71)',
      restored.status < 300 && rolledBack.messages < live2.messages,
      `restore ${restored.status}; ${rolledBack.messages} messages after, ${live2.messages} before`,
    );
  },
);
