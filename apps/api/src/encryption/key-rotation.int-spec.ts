import type { AuditEntry, EncryptionStatus, Room } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import { MessageRow } from '../messages/message.entity.js';
import { User } from '../users/user.entity.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { adminToken, api, login, newUser } from '../../test/factories.js';
import { enrolTotp, passFinished, rawQuery, SEALED, statusWhen } from '../../test/encryption.js';
import { totpAt } from '../../test/totp.js';
import { KeyRotationService } from './key-rotation.service.js';
import { setMessageBodySealing } from '../messages/message-body-cipher.js';

const ROWS = 450; // more than two batches of 200

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const activeKey = (status: EncryptionStatus) => status.keys.find((key) => key.status === 'active')!;

async function auditActions(prefix: string): Promise<string[]> {
  const filter = encodeURIComponent(JSON.stringify({ action: prefix }));
  const response = await api(
    t,
    admin,
    'GET',
    `/api/admin/audit?range=[0,99]&sort=["id","ASC"]&filter=${filter}`,
  );
  return response.json<AuditEntry[]>().map((entry) => `${entry.action}:${entry.outcome}`);
}

/** Many users with emails and many encrypted messages, written through the entities. */
async function manyEncryptedRows(): Promise<{ emails: Map<number, string>; bodies: Map<number, string> }> {
  const dataSource = t.server.app.get(DataSource);
  const emails = new Map<number, string>();
  const bodies = new Map<number, string>();
  const stamp = Date.now().toString(36);
  for (let i = 0; i < ROWS; i++) {
    const email = `bulk-${stamp}-${i}@example.org`;
    const user = await dataSource.getRepository(User).save({
      username: `bulk-${stamp}-${i}`,
      displayName: `Bulk ${i}`,
      email,
      passwordHash: 'unused',
      createdAt: new Date(),
    });
    emails.set(user.id, email);
  }
  const owner = await newUser(t);
  const room = (
    await api(t, owner.token, 'POST', '/api/rooms', { name: `bulk-${stamp}`, visibility: 'public' })
  ).json<Room>();
  setMessageBodySealing(true);
  try {
    for (let i = 0; i < ROWS; i++) {
      const body = `bulk message ${i} ${stamp}`;
      const inserted = await dataSource.getRepository(MessageRow).insert({
        roomId: room.id,
        authorId: owner.id,
        authorName: owner.username,
        kind: 'text',
        body,
        clientMsgId: null,
        replyToId: null,
        createdAt: new Date(),
        editedAt: null,
        deletedAt: null,
      });
      bodies.set(Number(inserted.identifiers[0]!.id), body);
    }
  } finally {
    setMessageBodySealing(false);
  }
  return { emails, bodies };
}

async function valuesUnder(keyId: string): Promise<number> {
  const prefix = `enc:v1:${keyId}:%`;
  let total = 0;
  for (const [table, column] of [
    ['users', 'email'],
    ['user_totp', 'secret'],
    ['security_answers', 'answer_hash'],
    ['server_secrets', 'value'],
    ['messages', 'body'],
  ]) {
    const rows = await rawQuery<{ n: number }>(
      t,
      `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} LIKE ?`,
      [prefix],
    );
    total += Number(rows[0]!.n);
  }
  return total;
}

describe('key rotation', () => {
  it('re-encrypts every field under the new key in the background; everything stays readable', async () => {
    const { emails, bodies } = await manyEncryptedRows();
    const user = await newUser(t);
    const secret = await enrolTotp(t, user);
    const oldKey = activeKey(await statusWhen(t, admin, passFinished)).id;
    expect(await valuesUnder(oldKey)).toBeGreaterThanOrEqual(2 * ROWS + 1);

    const started = await api(t, admin, 'POST', '/api/admin/encryption/rotate');
    expect(started.status).toBe(202);
    const newKey = activeKey(started.json<EncryptionStatus>()).id;
    expect(newKey).not.toBe(oldKey);
    expect(started.json<EncryptionStatus>().keys.find((key) => key.id === oldKey)?.status).toBe('retiring');

    const done = await statusWhen(t, admin, (s) => passFinished(s) && s.lastPass?.keyId === newKey);
    expect(done.keys.find((key) => key.id === oldKey)).toMatchObject({ status: 'retired', values: 0 });
    expect(done.lastPass).toMatchObject({
      kind: 'rotation',
      failed: 0,
      remaining: 0,
      retiredKeyIds: [oldKey],
    });
    expect(done.lastPass!.resealed).toBeGreaterThanOrEqual(2 * ROWS + 1);
    expect(await valuesUnder(oldKey)).toBe(0);
    expect(await valuesUnder(newKey)).toBeGreaterThanOrEqual(2 * ROWS + 1);

    const dataSource = t.server.app.get(DataSource);
    const users = await dataSource.getRepository(User).find();
    for (const [id, email] of emails) expect(users.find((u) => u.id === id)?.email).toBe(email);
    const messages = await dataSource.getRepository(MessageRow).find();
    for (const [id, body] of bodies) expect(messages.find((m) => m.id === id)?.body).toBe(body);
    expect((await login(t, user.username, user.password, await totpAt(t, secret))).status).toBe(200);
    expect(await auditActions('encryption.rotation.')).toEqual(
      expect.arrayContaining(['encryption.rotation.started:success', 'encryption.rotation.finished:success']),
    );
  });

  it('rotate() resolves when the pass is done and reports progress (the CLI uses it)', async () => {
    const rotation = t.server.app.get(KeyRotationService);
    const progress: Array<[number, number, string]> = [];
    const result = await rotation.rotate(null, (done, total, label) => progress.push([done, total, label]));
    expect(result.kind).toBe('rotation');
    expect(result.remaining).toBe(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map(([, , label]) => label)).toContain('users.email');
    const [lastDone, total] = progress.at(-1)!;
    expect(lastDone).toBe(total);
    expect(await valuesUnder(result.retiredKeyIds[0]!)).toBe(0);
  });

  it('refuses a second rotation while one runs (409 CONFLICT)', async () => {
    const rotation = t.server.app.get(KeyRotationService);
    const running = rotation.rotate(null);
    const refused = await api(t, admin, 'POST', '/api/admin/encryption/rotate');
    await running;
    // The pass may end before the request arrives; then the request starts the next rotation.
    if (refused.status === 202) await statusWhen(t, admin, passFinished);
    else
      expect(refused.json()).toEqual({
        error: { code: 'CONFLICT', message: expect.stringContaining('already running') },
      });
    expect(() => {
      void rotation.rotate(null);
      rotation.startRotation({ userId: 1 } as never);
    }).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    await statusWhen(t, admin, passFinished);
  });

  it('seals legacy values stored in clear', async () => {
    const user = await newUser(t);
    const secret = await enrolTotp(t, user);
    await rawQuery(t, 'UPDATE users SET email = ? WHERE id = ?', ['legacy@example.org', user.id]);
    await rawQuery(t, 'UPDATE user_totp SET secret = ? WHERE user_id = ?', [secret, user.id]);
    expect((await login(t, user.username, user.password, await totpAt(t, secret))).status).toBe(200); // clear reads
    t.server.app.get(KeyRotationService).resumeInBackground();
    const status = await statusWhen(
      t,
      admin,
      (s) => passFinished(s) && s.fields.every((f) => f.field === 'messages.body' || f.plain === 0),
    );
    expect(status.unknownKeyValues).toBe(0);
    const [row] = await rawQuery<{ email: string; secret: string }>(
      t,
      'SELECT u.email AS email, s.secret AS secret FROM users u JOIN user_totp s ON s.user_id = u.id WHERE u.id = ?',
      [user.id],
    );
    expect(row!.email).toMatch(SEALED);
    expect(row!.secret).toMatch(SEALED);
    t.server.app.get(Clock).advance(30_000);
    expect((await login(t, user.username, user.password, await totpAt(t, secret))).status).toBe(200);
    expect(await auditActions('encryption.seal.')).toEqual([
      'encryption.seal.started:success',
      'encryption.seal.finished:success',
    ]);
  });
});
