import type { AdminUser, Message, SearchResults } from '@atrio/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { adminToken, api, login, newUser, newRoom } from '../../test/factories.js';
import { connectAs, send } from '../../test/chat-client.js';
import { encryptionStatus, enrolTotp, rawQuery, SEALED, statusWhen } from '../../test/encryption.js';
import { totpAt } from '../../test/totp.js';
import { UNREADABLE_BODY } from '../messages/message-body-cipher.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const setBodies = async (value: boolean) =>
  expect((await api(t, admin, 'PUT', '/api/admin/settings/encryption.messageBodies', { value })).status).toBe(
    200,
  );
afterEach(() => setBodies(false));

const storedEmail = async (id: number) =>
  (await rawQuery<{ email: string | null }>(t, 'SELECT email FROM users WHERE id = ?', [id]))[0]!.email;
const storedBody = async (id: number) =>
  (await rawQuery<{ body: string }>(t, 'SELECT body FROM messages WHERE id = ?', [id]))[0]!.body;

async function userWithEmail() {
  const user = await newUser(t);
  const email = `${user.username}@example.org`;
  expect((await api(t, admin, 'PUT', `/api/admin/users/${user.id}`, { email })).status).toBe(200);
  return { user, email };
}

async function roomWithSocket() {
  const user = await newUser(t);
  const room = await newRoom(t, user);
  return { user, room, socket: await connectAs(t, user.token) };
}

/** What users wrote (without the room's system notices). */
const history = async (token: string, roomId: number) =>
  (await api(t, token, 'GET', `/api/rooms/${roomId}/messages?limit=50`))
    .json<{ messages: Message[] }>()
    .messages.filter((m) => m.kind !== 'system');

describe('sensitive fields at rest', () => {
  it('stores the email encrypted and the admin API reads it back', async () => {
    const { user, email } = await userWithEmail();
    const stored = await storedEmail(user.id);
    expect(stored).toMatch(SEALED);
    expect(stored).not.toContain(user.username);
    expect((await api(t, admin, 'GET', `/api/admin/users/${user.id}`)).json<AdminUser>().email).toBe(email);
  });

  it('stores the TOTP secret encrypted, and 2FA logins still work', async () => {
    const user = await newUser(t);
    const secret = await enrolTotp(t, user);
    const [row] = await rawQuery<{ secret: string }>(t, 'SELECT secret FROM user_totp WHERE user_id = ?', [
      user.id,
    ]);
    expect(row!.secret).toMatch(SEALED);
    expect(row!.secret).not.toContain(secret);
    expect((await login(t, user.username, user.password)).status).toBe(401);
    expect((await login(t, user.username, user.password, await totpAt(t, secret))).status).toBe(200);
  });

  it('stores security answers and the recovery HMAC key encrypted; recovery still works', async () => {
    const user = await newUser(t);
    const answers = [
      { question: 'first_school', answer: 'San Isidro' },
      { question: 'childhood_street', answer: 'Calle Mayor' },
      { question: 'first_pet', answer: 'Rocky' },
    ];
    const set = await api(t, user.token, 'PUT', '/api/auth/security-questions', {
      currentPassword: user.password,
      answers,
    });
    expect(set.status, set.text).toBe(200);
    const rows = await rawQuery<{ answer_hash: string }>(
      t,
      'SELECT answer_hash FROM security_answers WHERE user_id = ?',
      [user.id],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.answer_hash).toMatch(SEALED);
    expect(
      (await t.request('/api/auth/recovery/start', { method: 'POST', body: { username: user.username } }))
        .status,
    ).toBe(200);
    const secrets = await rawQuery<{ value: string }>(t, 'SELECT value FROM server_secrets');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret.value).toMatch(SEALED);
    const recovered = await t.request('/api/auth/recovery/answers', {
      method: 'POST',
      body: {
        username: user.username,
        answers: Object.fromEntries(answers.map((a) => [a.question, a.answer])),
        newPassword: 'a brand new passphrase 42',
      },
    });
    expect(recovered.status).toBe(204);
    expect((await login(t, user.username, 'a brand new passphrase 42')).status).toBe(200);
  });
});

describe('message bodies', () => {
  it('are stored in clear by default, encrypted while the setting is on, and always readable', async () => {
    const { user, room, socket } = await roomWithSocket();
    try {
      const before = await send(socket, room.id, 'hello in clear');
      expect(await storedBody(before.id)).toBe('hello in clear');
      await setBodies(true);
      const secret = await send(socket, room.id, 'the secret plans');
      expect(secret.body).toBe('the secret plans');
      expect(await storedBody(secret.id)).toMatch(SEALED);
      // Turning the setting on also encrypts what was stored before, in the background.
      await statusWhen(
        t,
        admin,
        (s) => s.pass === null && s.fields.find((f) => f.field === 'messages.body')!.plain === 0,
      );
      expect(await storedBody(before.id)).toMatch(SEALED);
      expect((await history(user.token, room.id)).map((m) => m.body)).toEqual([
        'hello in clear',
        'the secret plans',
      ]);
      await setBodies(false);
      const after = await send(socket, room.id, 'clear again');
      expect(await storedBody(after.id)).toBe('clear again');
      expect((await history(user.token, room.id)).map((m) => m.body).at(-2)).toBe('the secret plans');
    } finally {
      socket.disconnect();
    }
  });

  it('mentions in encrypted bodies still count in the room list', async () => {
    const [author, reader] = [await newUser(t), await newUser(t)];
    const room = await newRoom(t, author, { members: [reader] });
    const socket = await connectAs(t, author.token);
    try {
      await setBodies(true);
      const sent = await send(socket, room.id, `@${reader.username} mira esto`);
      await send(socket, room.id, 'sin mención');
      expect(await storedBody(sent.id)).toMatch(SEALED);
      const listed = (await api(t, reader.token, 'GET', `/api/rooms/${room.id}`)).json<{
        unread: number;
        mentions: number;
      }>();
      expect(listed).toMatchObject({ unread: 2, mentions: 1 });
    } finally {
      socket.disconnect();
    }
  });

  it('a body that looks encrypted is encrypted even with the setting off, so it reads back as typed', async () => {
    const { user, room, socket } = await roomWithSocket();
    try {
      const typed = await send(socket, room.id, 'enc:v1:0123456789abcdef:AAAA');
      expect(await storedBody(typed.id)).toMatch(SEALED);
      expect(await storedBody(typed.id)).not.toBe('enc:v1:0123456789abcdef:AAAA');
      expect((await history(user.token, room.id)).map((m) => m.body)).toEqual([
        'enc:v1:0123456789abcdef:AAAA',
      ]);
    } finally {
      socket.disconnect();
    }
  });

  it('search never matches an encrypted body, says why, and the SQLite index stays consistent', async () => {
    const { user, room, socket } = await roomWithSocket();
    try {
      await send(socket, room.id, 'zebra crossing in clear');
      await setBodies(true);
      await send(socket, room.id, 'zebra stripes encrypted');
      await statusWhen(t, admin, (s) => s.pass === null);
      const found = (await api(t, user.token, 'GET', '/api/search/messages?q=zebra')).json<SearchResults>();
      expect(found.results).toEqual([]);
      expect(found.notice?.code).toBe('MESSAGE_BODIES_ENCRYPTED');
      const noise = (await api(t, user.token, 'GET', '/api/search/messages?q=enc')).json<SearchResults>();
      expect(noise.results).toEqual([]);
      await rawQuery(t, `INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)`);
      await setBodies(false);
      await send(socket, room.id, 'zebra back in clear');
      const later = (await api(t, user.token, 'GET', '/api/search/messages?q=zebra')).json<SearchResults>();
      expect(later.results.map((hit) => hit.message.body)).toEqual(['zebra back in clear']);
      expect(later.notice).toBeUndefined();
    } finally {
      socket.disconnect();
    }
  });
});

describe('damaged values', () => {
  it('refuses a tampered email with DECRYPTION_FAILED and keeps serving', async () => {
    const { user, email } = await userWithEmail();
    const stored = (await storedEmail(user.id))!;
    const tampered = stored.slice(0, -2) + (stored.endsWith('AA') ? 'BB' : 'AA');
    await rawQuery(t, 'UPDATE users SET email = ? WHERE id = ?', [tampered, user.id]);
    const refused = await api(t, admin, 'GET', `/api/admin/users/${user.id}`);
    expect(refused.status).toBe(500);
    expect(refused.json()).toEqual({
      error: {
        code: 'DECRYPTION_FAILED',
        message: expect.stringContaining('The stored value of users.email cannot be decrypted'),
        details: { field: 'users.email' },
      },
    });
    expect((await t.request('/api/health')).status).toBe(200);
    await rawQuery(t, 'UPDATE users SET email = ? WHERE id = ?', [stored, user.id]);
    expect((await api(t, admin, 'GET', `/api/admin/users/${user.id}`)).json<AdminUser>().email).toBe(email);
  });

  it('refuses a ciphertext copied from another column (wrong authenticated data)', async () => {
    const { user } = await userWithEmail();
    await enrolTotp(t, user);
    await rawQuery(
      t,
      'UPDATE users SET email = (SELECT secret FROM user_totp WHERE user_id = ?) WHERE id = ?',
      [user.id, user.id],
    );
    const refused = await api(t, admin, 'GET', `/api/admin/users/${user.id}`);
    expect(refused.status).toBe(500);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/integrity check/);
    await rawQuery(t, 'UPDATE users SET email = NULL WHERE id = ?', [user.id]);
  });

  it('shows a placeholder for a tampered message body; the rest of the room still loads', async () => {
    const { user, room, socket } = await roomWithSocket();
    try {
      await setBodies(true);
      const first = await send(socket, room.id, 'first');
      await send(socket, room.id, 'second');
      const stored = await storedBody(first.id);
      await rawQuery(t, 'UPDATE messages SET body = ? WHERE id = ?', [
        stored.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        first.id,
      ]);
      expect((await history(user.token, room.id)).map((m) => m.body)).toEqual([UNREADABLE_BODY, 'second']);
    } finally {
      socket.disconnect();
    }
  });
});

describe('permissions', () => {
  it('only settings.manage may read the status or rotate', async () => {
    const member = await newUser(t);
    for (const [method, path] of [
      ['GET', '/api/admin/encryption/status'],
      ['POST', '/api/admin/encryption/rotate'],
    ] as const) {
      const response = await api(t, member.token, method, path);
      expect(response.status).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    }
    const status = await encryptionStatus(t, admin);
    expect(status.keyRingFile).toBe('keys/keyring.json');
    expect(status.keys.filter((key) => key.status === 'active')).toHaveLength(1);
  });
});
