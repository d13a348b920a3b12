import type { AdminUser, EncryptionStatus, Message, Room, SearchResults } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { startPostgresTestServer } from '../../test/postgres.js';
import { adminToken, api, login, newUser } from '../../test/factories.js';
import { connectAs, send } from '../../test/chat-client.js';
import { enrolTotp, passFinished, rawQuery, SEALED, statusWhen } from '../../test/encryption.js';
import { totpAt } from '../../test/totp.js';

let t: TestServer;
beforeAll(async () => {
  t = await startPostgresTestServer();
});
afterAll(() => t?.close());

describe('encryption at rest on PostgreSQL', () => {
  it('stores email, TOTP secret and (when on) bodies encrypted; rotation keeps them readable; search ignores ciphertext', async () => {
    const admin = await adminToken(t);
    const user = await newUser(t);
    const secret = await enrolTotp(t, user);
    await api(t, admin, 'PUT', `/api/admin/users/${user.id}`, { email: 'pg@example.org' });
    const [row] = await rawQuery<{ email: string; secret: string }>(
      t,
      'SELECT u.email AS email, s.secret AS secret FROM users u JOIN user_totp s ON s.user_id = u.id WHERE u.id = ?',
      [user.id],
    );
    expect(row!.email).toMatch(SEALED);
    expect(row!.secret).toMatch(SEALED);

    await api(t, admin, 'PUT', '/api/admin/settings/encryption.messageBodies', { value: true });
    const room = (
      await api(t, user.token, 'POST', '/api/rooms', { name: 'pg secrets', visibility: 'public' })
    ).json<Room>();
    const socket = await connectAs(t, user.token);
    let sent: Message;
    try {
      sent = await send(socket, room.id, 'quokka sighting');
    } finally {
      socket.disconnect();
    }
    const [stored] = await rawQuery<{ body: string }>(t, 'SELECT body FROM messages WHERE id = ?', [sent.id]);
    expect(stored!.body).toMatch(SEALED);
    const keyId = stored!.body.split(':')[2]!;
    for (const q of ['quokka', 'enc', keyId]) {
      const found = (await api(t, user.token, 'GET', `/api/search/messages?q=${q}`)).json<SearchResults>();
      expect(found.results).toEqual([]);
      expect(found.notice?.code).toBe('MESSAGE_BODIES_ENCRYPTED');
    }

    const started = await api(t, admin, 'POST', '/api/admin/encryption/rotate');
    expect(started.status).toBe(202);
    const newKey = started.json<EncryptionStatus>().keys.find((k) => k.status === 'active')!.id;
    const done = await statusWhen(t, admin, (s) => passFinished(s) && s.lastPass?.keyId === newKey);
    expect(done.keys.find((k) => k.id === keyId)).toMatchObject({ status: 'retired', values: 0 });
    const [after] = await rawQuery<{ body: string }>(t, 'SELECT body FROM messages WHERE id = ?', [sent.id]);
    expect(after!.body.startsWith(`enc:v1:${newKey}:`)).toBe(true);

    const messages = (await api(t, user.token, 'GET', `/api/rooms/${room.id}/messages?limit=10`)).json<{
      messages: Message[];
    }>();
    expect(messages.messages.map((m) => m.body)).toContain('quokka sighting');
    expect((await api(t, admin, 'GET', `/api/admin/users/${user.id}`)).json<AdminUser>().email).toBe(
      'pg@example.org',
    );
    expect((await login(t, user.username, user.password, await totpAt(t, secret))).status).toBe(200);
    await api(t, admin, 'PUT', '/api/admin/settings/encryption.messageBodies', { value: false });
  });
});
