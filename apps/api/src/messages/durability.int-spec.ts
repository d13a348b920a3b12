import type { Room } from '@atrio/protocol';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../database/data-source.js';
import { connectAs, emit } from '../../test/chat-client.js';
import { adminToken, api } from '../../test/factories.js';
import { tempDir, testEnv, type TestServer } from '../../test/harness.js';
import { request } from '../../test/http-client.js';
import { spawnServer, waitForBanner } from '../../test/server-process.js';

const dir = tempDir('atrio-durability-');
afterAll(() => dir.remove());

describe('an acknowledged message is committed', () => {
  it('survives the server being killed (SIGKILL) in the middle of a burst of sends', async () => {
    const server = spawnServer(testEnv(dir.path), dir.path);
    const port = await waitForBanner(server);
    const baseUrl = `https://127.0.0.1:${port}`;
    const ca = readFileSync(join(dir.path, 'certs', 'server.crt'), 'utf8');
    const t = {
      baseUrl,
      ca,
      request: (path, options = {}) => request(`${baseUrl}${path}`, { ...options, ca }),
    } as TestServer;
    const admin = await adminToken(t);
    const limits = {
      maxBodyLength: 4000,
      messagesPerSecond: 10_000,
      messageBurst: 10_000,
      eventsPerSecond: 10_000,
    };
    await api(t, admin, 'PUT', '/api/admin/settings/chat.limits', {
      value: { ...limits, editWindowMinutes: 15, maxPayloadBytes: 65_536 },
    });
    const room = (
      await api(t, admin, 'POST', '/api/rooms', { name: 'burst', visibility: 'public' })
    ).json<Room>();
    const socket = await connectAs(t, admin);

    // Acks arrive while later messages are still being written; the kill lands mid-stream.
    const acked = new Map<number, string>();
    const total = 400;
    const killAfter = 150;
    const sends = Array.from(
      { length: total },
      (_, i) =>
        emit(socket, 'message:send', {
          roomId: room.id,
          body: `burst ${i}`,
          clientMsgId: `burst-${i}`,
        })
          .then((answer) => {
            if (answer.ok && answer.message) acked.set(answer.message.id, answer.message.body);
            if (acked.size === killAfter) server.child.kill('SIGKILL');
          })
          .catch(() => undefined), // sends cut off by the kill never get an answer
    );
    await server.exited;
    socket.close();
    await Promise.all(sends);

    expect(acked.size).toBeGreaterThanOrEqual(killAfter);
    const db = new Database(join(dir.path, 'data', SQLITE_FILE), { readonly: true });
    try {
      const stored = new Map(
        (
          db.prepare('SELECT id, body FROM messages WHERE room_id = ?').all(room.id) as Array<{
            id: number;
            body: string;
          }>
        ).map((row) => [row.id, row.body]),
      );
      const missing = [...acked].filter(([id, body]) => stored.get(id) !== body);
      expect(missing).toEqual([]);
    } finally {
      db.close();
    }
  });
});
