import type { BackupManifest, Message, Room } from '@atrio/protocol';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, emit } from '../../test/chat-client.js';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, tempDir, type TestServer } from '../../test/harness.js';

/** A small tmpfs as the data folder, so the disk can really be filled (needs root, as CI has). */
const mountPoint = tempDir('atrio-full-disk-');
const dataDir = join(mountPoint.path, 'data');
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint.path], { stdio: 'ignore' });
  mounted = true;
} catch {
  console.warn('SKIPPED: the full-disk test mounts a tmpfs and needs root (CI runs as root).');
}

let t: TestServer;
let admin: string;
let alice: TestUser;
let room: Room;
const filler = join(mountPoint.path, 'filler');

/** Writes until the file system says ENOSPC; returns how many bytes went in. */
function fillDisk(): number {
  const fd = openSync(filler, 'a');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

beforeAll(async () => {
  if (!mounted) return;
  mkdirSync(dataDir);
  t = await startTestServer({ ATRIO_DATA_DIR: dataDir });
  admin = await adminToken(t);
  const limits = { maxBodyLength: 4000, messagesPerSecond: 1000, messageBurst: 1000, eventsPerSecond: 1000 };
  await api(t, admin, 'PUT', '/api/admin/settings/chat.limits', {
    value: { ...limits, editWindowMinutes: 15, maxPayloadBytes: 65_536 },
  });
  alice = await newUser(t);
  room = (
    await api(t, alice.token, 'POST', '/api/rooms', { name: 'full disk', visibility: 'public' })
  ).json<Room>();
});
afterAll(async () => {
  await t?.close();
  if (mounted) execFileSync('umount', ['-l', mountPoint.path]);
  mountPoint.remove();
});

describe.skipIf(!mounted)('a full disk', () => {
  it('refuses writes with UNAVAILABLE, keeps serving reads, says so in health and metrics, and recovers by itself', async () => {
    const socket = await connectAs(t, alice.token);
    const acked: Message[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const answer = await emit(socket, 'message:send', {
          roomId: room.id,
          body: `before ${i}`,
          clientMsgId: `before-${i}`,
        });
        if (answer.ok && answer.message) acked.push(answer.message);
      }
      expect(acked).toHaveLength(5);

      expect(fillDisk()).toBeGreaterThan(0);
      // Writes: refused with a clear code, never INTERNAL; the server keeps running.
      const refused: string[] = [];
      for (let i = 0; i < 20; i++) {
        const answer = await emit(socket, 'message:send', {
          roomId: room.id,
          body: `during ${i} ${'x'.repeat(2000)}`,
          clientMsgId: `during-${i}`,
        });
        if (!answer.ok) refused.push(`${answer.error.code}: ${answer.error.message}`);
        else if (answer.message) acked.push(answer.message);
      }
      expect(refused.length).toBeGreaterThan(0);
      for (const reason of refused) expect(reason).toMatch(/^UNAVAILABLE: .*disk is full/);

      // Reads still work; health and metrics say why writes fail.
      const history = await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages?limit=100`);
      expect(history.status).toBe(200);
      const health = await t.request('/api/health');
      expect(health.status).toBe(503);
      expect(health.json()).toMatchObject({
        error: { code: 'UNAVAILABLE', message: expect.stringMatching(/disk is full/) },
      });
      const metrics = await t.request('/metrics', { headers: { authorization: `Bearer ${admin}` } });
      expect(metrics.text).toMatch(/^atrio_disk_full 1$/m);

      // A backup fails cleanly: 503, and nothing in the backups folder is counted as a backup.
      const backup = await api(t, admin, 'POST', '/api/admin/backups');
      expect(backup.status).toBe(503);
      expect(backup.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });

      // Space comes back: everything resumes without a restart.
      rmSync(filler);
      await expect.poll(async () => (await t.request('/api/health')).status, { timeout: 15_000 }).toBe(200);
      const after = await emit(socket, 'message:send', {
        roomId: room.id,
        body: 'after',
        clientMsgId: 'after-1',
      });
      expect(after).toMatchObject({ ok: true });
      if (after.ok && after.message) acked.push(after.message);
      const backups = await api(t, admin, 'GET', '/api/admin/backups');
      for (const manifest of backups.json<BackupManifest[]>()) {
        expect(manifest.status === 'failed' || manifest.compressedBytes > 0).toBe(true);
      }
      expect(readdirSync(join(dataDir, 'backups')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      const made = await api(t, admin, 'POST', '/api/admin/backups');
      expect(made.status).toBe(201);
      expect((await t.request('/metrics', { headers: { authorization: `Bearer ${admin}` } })).text).toMatch(
        /^atrio_disk_full 0$/m,
      );

      // Not one acknowledged message is lost.
      const stored = (await api(t, alice.token, 'GET', `/api/rooms/${room.id}/messages?limit=100`)).json<{
        messages: Message[];
      }>().messages;
      const storedIds = new Set(stored.map((m) => m.id));
      for (const message of acked) expect(storedIds.has(message.id), message.body.slice(0, 12)).toBe(true);
    } finally {
      socket.close();
      rmSync(filler, { force: true });
    }
  }, 60_000);
});
