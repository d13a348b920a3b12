import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { startServer } from '../server.js';
import { startTestServer, tempDir, testEnv, type TestServer } from '../../test/harness.js';
import { createPostgresDatabase } from '../../test/postgres.js';
import { adminToken, api, newUser, tokenFor, newRoom } from '../../test/factories.js';
import { connectAs, next, send } from '../../test/chat-client.js';

const REDIS_URL = process.env.ATRIO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two instances on one PostgreSQL database and one Redis, as behind a load balancer. */
let one: TestServer;
let two: TestServer;
let drop: () => Promise<void>;
beforeAll(async () => {
  const database = await createPostgresDatabase();
  drop = database.drop;
  const env = { ATRIO_DATABASE_URL: database.url, ATRIO_REDIS_URL: REDIS_URL };
  one = await startTestServer(env);
  two = await startTestServer(env);
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await drop?.();
});

describe('several instances with ATRIO_REDIS_URL', () => {
  it('a message sent through one instance reaches a member connected to the other', async () => {
    const [alice, bob] = [await newUser(one), await newUser(one)];
    const room = await newRoom(one, alice);
    await api(two, bob.token, 'POST', `/api/rooms/${room.id}/join`);
    const a = await connectAs(one, alice.token);
    const b = await connectAs(two, bob.token);
    try {
      const arriving = next(b, 'message:new', (e) => e.message.body === 'across instances');
      await send(a, room.id, 'across instances');
      expect((await arriving).message.authorId).toBe(alice.id);
    } finally {
      a.close();
      b.close();
    }
  });

  it('revoking a session on one instance drops its socket on the other', async () => {
    const user = await newUser(one);
    const token = await tokenFor(two, user.username, user.password);
    const socket = await connectAs(two, token);
    const dropped = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    expect(
      (await api(one, await adminToken(one), 'POST', `/api/admin/users/${user.id}/revoke-sessions`)).status,
    ).toBe(204);
    expect(await dropped).toBe('io server disconnect');
  });

  it('refuses to start when Redis cannot be reached, naming the setting', async () => {
    const dir = tempDir();
    try {
      const config = loadConfig(
        testEnv(dir.path, { ATRIO_REDIS_URL: 'redis://:secret@127.0.0.1:1' }),
        dir.path,
      );
      await expect(startServer(config)).rejects.toMatchObject({ setting: 'ATRIO_REDIS_URL' });
      await expect(startServer(config)).rejects.not.toMatchObject({
        message: expect.stringContaining('secret'),
      });
    } finally {
      dir.remove();
    }
  });
});
