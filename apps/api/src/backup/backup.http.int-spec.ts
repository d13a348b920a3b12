import type { BackupManifest, BackupRestoreResult, BackupVerifyResult, Room } from '@atrio/protocol';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import { connectAs, emit, send } from '../../test/chat-client.js';
import { adminToken, api, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { BackupScheduler } from './backup-scheduler.service.js';
import { MIGRATION_NAMES } from './backup-rules.js';

let t: TestServer;
let admin: string;
let backupsDir: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  backupsDir = join(t.config.dataDir, 'backups');
});
afterAll(() => t.close());

async function createBackup(): Promise<BackupManifest> {
  const response = await api(t, admin, 'POST', '/api/admin/backups');
  expect(response.status, response.text).toBe(201);
  return response.json<BackupManifest>();
}

async function verify(id: string): Promise<BackupVerifyResult> {
  const response = await api(t, admin, 'POST', `/api/admin/backups/${id}/verify`);
  expect(response.status, response.text).toBe(200);
  return response.json<BackupVerifyResult>();
}

const fileOf = (id: string) => join(backupsDir, `${id}.db.gz`);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function rows(): Promise<Array<{ id: number; body: string }>> {
  return t.server.app.get(DataSource).query('SELECT id, body FROM messages ORDER BY id');
}

async function counts(): Promise<{ users: number; messages: number }> {
  const [row] = (await t.server.app
    .get(DataSource)
    .query(
      'SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM messages) AS messages',
    )) as Array<{
    users: number;
    messages: number;
  }>;
  return row!;
}

describe('backups of the SQLite database', () => {
  it('writes the compressed file and a manifest whose checksum matches it', async () => {
    const manifest = await createBackup();
    expect(manifest).toMatchObject({ status: 'ok', trigger: 'manual', databaseKind: 'sqlite' });
    expect(manifest.id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(manifest.schemaVersion).toBe(MIGRATION_NAMES.at(-1)); // the newest migration
    expect(existsSync(join(backupsDir, `${manifest.id}.json`))).toBe(true);
    expect(sha256(fileOf(manifest.id))).toBe(manifest.sha256);
    expect(manifest.compressedBytes).toBe(readFileSync(fileOf(manifest.id)).length);
    expect(manifest.sizeBytes).toBeGreaterThan(0);

    const listed = await api(t, admin, 'GET', '/api/admin/backups');
    expect(listed.headers['content-range']).toMatch(/^backups 0-\d+\/\d+$/);
    expect(listed.json<BackupManifest[]>().map((m) => m.id)).toContain(manifest.id);
    expect((await api(t, admin, 'GET', `/api/admin/backups/${manifest.id}`)).json()).toEqual(manifest);
  });

  it('verifies a good backup', async () => {
    const { id } = await createBackup();
    const result = await verify(id);
    expect(result).toMatchObject({ ok: true, id, status: 'verified' });
    expect(result.users).toBeGreaterThanOrEqual(1);
    expect((await api(t, admin, 'GET', `/api/admin/backups/${id}`)).json()).toMatchObject({
      status: 'verified',
      verifiedAt: result.verifiedAt,
    });
  });

  it('fails a corrupted or truncated backup with a clear reason', async () => {
    const flipped = await createBackup();
    const bytes = readFileSync(fileOf(flipped.id));
    for (let i = 100; i < 110; i++) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(fileOf(flipped.id), bytes);
    expect(await verify(flipped.id)).toMatchObject({ ok: false, status: 'verify_failed' });
    expect((await verify(flipped.id)).details).toMatch(/checksum mismatch/);

    // Damaged before its checksum was taken: the decompression itself must catch it.
    const truncated = await createBackup();
    const half = readFileSync(fileOf(truncated.id)).subarray(0, 200);
    writeFileSync(fileOf(truncated.id), half);
    const manifestPath = join(backupsDir, `${truncated.id}.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, sha256: sha256(fileOf(truncated.id)) }));
    const result = await verify(truncated.id);
    expect(result).toMatchObject({ ok: false, status: 'verify_failed' });
    expect(result.details).toMatch(/does not decompress/);
  });

  it('restores every message exactly as it was when the backup was taken', async () => {
    const room = (
      await api(t, admin, 'POST', '/api/rooms', { name: `backup ${Math.random()}`, visibility: 'public' })
    ).json<Room>();
    const socket = await connectAs(t, admin);
    try {
      for (const body of ['uno', 'dos', 'tres']) await send(socket, room.id, `${body} ñandú`);
      const before = await rows();
      const { id } = await createBackup();

      const extra = await send(socket, room.id, 'after the backup');
      expect((await emit(socket, 'message:delete', { messageId: before[0]!.id })).ok).toBe(true);
      expect(await rows()).not.toEqual(before);

      expect(
        (await api(t, admin, 'POST', `/api/admin/backups/${id}/restore`, { confirm: 'nope' })).status,
      ).toBe(400);
      const restored = await api(t, admin, 'POST', `/api/admin/backups/${id}/restore`, { confirm: id });
      expect(restored.status, restored.text).toBe(200);
      expect(restored.json<BackupRestoreResult>()).toMatchObject({ id, messages: before.length });
      expect(await rows()).toEqual(before);
      expect((await rows()).map((r) => r.id)).not.toContain(extra.id);

      // A copy of what was replaced is kept, and the search index matches the restored rows.
      const pre = restored.json<BackupRestoreResult>().preRestoreBackupId;
      expect((await api(t, admin, 'GET', `/api/admin/backups/${pre}`)).json()).toMatchObject({
        trigger: 'pre-restore',
      });
      const db = t.server.app.get(DataSource);
      await db.query(`INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')`);
      const hits: unknown[] = await db.query(
        `SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'after'`,
      );
      expect(hits).toEqual([]);
      // Ids keep growing past the discarded message.
      expect((await send(socket, room.id, 'new after restore')).id).toBeGreaterThan(extra.id);
    } finally {
      socket.close();
    }
  });

  it('refuses to restore a damaged backup and changes nothing', async () => {
    const { id } = await createBackup();
    const bytes = readFileSync(fileOf(id));
    writeFileSync(fileOf(id), bytes.subarray(0, bytes.length - 50));
    const before = { counts: await counts(), rows: await rows() };
    const listedBefore = (await api(t, admin, 'GET', '/api/admin/backups?range=[0,499]')).json<
      BackupManifest[]
    >();
    const response = await api(t, admin, 'POST', `/api/admin/backups/${id}/restore`, { confirm: id });
    expect(response.status).toBe(409);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(
      /failed verification.*Nothing was changed/,
    );
    expect(await counts()).toEqual(before.counts);
    expect(await rows()).toEqual(before.rows);
    const listedAfter = (await api(t, admin, 'GET', '/api/admin/backups?range=[0,499]')).json<
      BackupManifest[]
    >();
    expect(listedAfter.filter((m) => m.trigger === 'pre-restore')).toHaveLength(
      listedBefore.filter((m) => m.trigger === 'pre-restore').length,
    );
  });

  it('refuses a backup of a schema this build does not know', async () => {
    const { id } = await createBackup();
    const manifestPath = join(backupsDir, `${id}.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, schemaVersion: 'FromTheFuture1999999999999' }));
    const before = await rows();
    const response = await api(t, admin, 'POST', `/api/admin/backups/${id}/restore`, { confirm: id });
    expect(response.status).toBe(409);
    expect(response.text).toMatch(/unknown to this version/);
    expect(await rows()).toEqual(before);
  });

  it('downloads the gzip file and deletes a backup', async () => {
    const { id } = await createBackup();
    const download = await api(t, admin, 'GET', `/api/admin/backups/${id}/download`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/gzip');
    expect(download.headers['content-disposition']).toContain(id);
    expect(download.text.charCodeAt(0)).toBe(0x1f);

    expect((await api(t, admin, 'DELETE', `/api/admin/backups/${id}`)).status).toBe(204);
    expect((await api(t, admin, 'GET', `/api/admin/backups/${id}`)).status).toBe(404);
    expect(existsSync(fileOf(id))).toBe(false);
  });

  it('validates ids and permissions', async () => {
    for (const bad of ['..%2F..%2Fatrio', 'abc', '20261129-101500-ZZZZ']) {
      const response = await api(t, admin, 'GET', `/api/admin/backups/${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await api(t, admin, 'GET', '/api/admin/backups/20001231-000000-0000')).status).toBe(404);
    expect((await api(t, admin, 'POST', '/api/admin/backups/20001231-000000-0000/verify')).status).toBe(404);

    const member = await newUser(t, ['member']);
    expect((await api(t, member.token, 'GET', '/api/admin/backups')).status).toBe(403);
    expect((await api(t, member.token, 'POST', '/api/admin/backups')).status).toBe(403);
  });

  it('takes the scheduled backup when it is due, once per day', async () => {
    const scheduler = t.server.app.get(BackupScheduler);
    const first = await scheduler.tick();
    expect(first).toMatchObject({ trigger: 'scheduled', status: 'ok' });
    expect(await scheduler.tick()).toBeNull();
    t.server.app.get(Clock).advance(24 * 60 * 60_000);
    expect(await scheduler.tick()).toMatchObject({ trigger: 'scheduled' });
    expect(await scheduler.tick()).toBeNull();
  });

  it('keeps no more backups than the policy allows', async () => {
    admin = await adminToken(t); // the clock moved a day: the old session has expired
    const policy = { scheduleCron: '30 2 * * *', keepCount: 2, keepDays: 30 };
    const set = await api(t, admin, 'PUT', '/api/admin/settings/backups.policy', { value: policy });
    expect(set.status, set.text).toBe(200);
    const refused = await api(t, admin, 'PUT', '/api/admin/settings/backups.policy', {
      value: { ...policy, scheduleCron: '*/5 * * * *' },
    });
    expect(refused.status).toBe(400);
    const made = [await createBackup(), await createBackup(), await createBackup()];
    const listed = (await api(t, admin, 'GET', '/api/admin/backups')).json<BackupManifest[]>();
    expect(listed.map((m) => m.id).sort()).toEqual(
      made
        .slice(1)
        .map((m) => m.id)
        .sort(),
    );
  });
});
