import type { BackupManifest } from '@atrio/protocol';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api } from '../../test/factories.js';
import type { TestServer } from '../../test/harness.js';
import { startPostgresTestServer } from '../../test/postgres.js';
import { BackupService } from './backup.service.js';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startPostgresTestServer();
  admin = await adminToken(t);
});
afterAll(() => t?.close());

describe('backups of a PostgreSQL database', () => {
  it('dumps, verifies with a trial restore, and restores', async () => {
    const created = await api(t, admin, 'POST', '/api/admin/backups');
    expect(created.status, created.text).toBe(201);
    const manifest = created.json<BackupManifest>();
    expect(manifest).toMatchObject({ status: 'ok', databaseKind: 'postgres' });
    const service = t.server.app.get(BackupService);
    expect(existsSync(service.store.fileOf(manifest))).toBe(true);

    const verified = await api(t, admin, 'POST', `/api/admin/backups/${manifest.id}/verify`);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true, status: 'verified', users: 1, messages: 0 });

    const db = t.server.app.get(DataSource);
    const before: unknown[] = await db.query('SELECT id, username FROM users ORDER BY id');
    await db.query(`UPDATE users SET display_name = 'changed after the backup'`);
    const restored = await api(t, admin, 'POST', `/api/admin/backups/${manifest.id}/restore`, {
      confirm: manifest.id,
    });
    expect(restored.status, restored.text).toBe(200);
    expect(await db.query('SELECT id, username FROM users ORDER BY id')).toEqual(before);
    const names: Array<{ display_name: string }> = await db.query('SELECT display_name FROM users');
    expect(names.map((n) => n.display_name)).not.toContain('changed after the backup');
  });
});
