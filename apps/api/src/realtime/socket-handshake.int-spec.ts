import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, newUser, type TestUser, newRoom } from '../../test/factories.js';
import { startTestServer, tempDir, type TestServer } from '../../test/harness.js';
import { connectAs, next } from '../../test/chat-client.js';

let t: TestServer;
let user: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  user = await newUser(t);
});
afterAll(() => t.close());

const open: Socket[] = [];
afterEach(() => open.splice(0).forEach((socket) => socket.close()));

/** Resolves with "connected" or the connect_error message. */
function handshake(options: { token?: string; headers?: Record<string, string>; polling?: boolean }) {
  const socket = io(t.baseUrl, {
    ca: t.ca,
    transports: options.polling ? ['polling'] : ['websocket'],
    reconnection: false,
    auth: options.token === undefined ? {} : { token: options.token },
    extraHeaders: options.headers ?? {},
  });
  open.push(socket);
  return new Promise<string>((resolve) => {
    socket.on('connect', () => resolve('connected'));
    socket.on('connect_error', (error) => resolve(error.message));
  });
}

const ourOrigin = () => t.baseUrl;
const foreignOrigins = () => {
  const port = new URL(t.baseUrl).port;
  return [`http://127.0.0.1:${port}`, 'null', 'https://evil.example', `https://localhost:${port}`];
};

describe('Socket.IO handshake: a token is judged alone, the cookie only from our own origin', () => {
  it('a valid token connects whatever Origin the client sends, over websocket and polling', async () => {
    for (const origin of foreignOrigins()) {
      expect(await handshake({ token: user.token, headers: { origin } }), origin).toBe('connected');
      expect(await handshake({ token: user.token, headers: { origin }, polling: true }), origin).toBe(
        'connected',
      );
    }
  });

  it('an invalid or empty token is UNAUTHORIZED whatever the Origin, even with a valid cookie beside it', async () => {
    for (const origin of [...foreignOrigins(), ourOrigin()]) {
      expect(await handshake({ token: 'not-a-session', headers: { origin } })).toBe('UNAUTHORIZED');
      expect(await handshake({ token: '', headers: { origin } })).toBe('UNAUTHORIZED');
    }
    const cookie = `atrio_session=${user.token}`;
    expect(await handshake({ token: 'forged', headers: { origin: ourOrigin(), cookie } })).toBe(
      'UNAUTHORIZED',
    );
  });

  it('the session cookie from a foreign Origin is FORBIDDEN; from our own Origin it connects', async () => {
    const cookie = `atrio_session=${user.token}`;
    for (const origin of foreignOrigins()) {
      expect(await handshake({ headers: { cookie, origin } }), origin).toBe('FORBIDDEN');
      expect(await handshake({ headers: { cookie, origin }, polling: true }), origin).toBe('FORBIDDEN');
    }
    expect(await handshake({ headers: { cookie, origin: ourOrigin() } })).toBe('connected');
    expect(await handshake({ headers: { cookie, origin: ourOrigin() }, polling: true })).toBe('connected');
  });

  it('the cookie without Origin connects only as a same-origin browser request (Sec-Fetch-Site)', async () => {
    const cookie = `atrio_session=${user.token}`;
    expect(await handshake({ headers: { cookie } })).toBe('FORBIDDEN');
    expect(await handshake({ headers: { cookie, 'sec-fetch-site': 'cross-site' } })).toBe('FORBIDDEN');
    expect(await handshake({ headers: { cookie, 'sec-fetch-site': 'same-origin' }, polling: true })).toBe(
      'connected',
    );
  });

  it('X-Forwarded-Host or -Proto cannot make a foreign Origin look like ours (REST and sockets alike)', async () => {
    const cookie = `atrio_session=${user.token}`;
    const spoof = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    expect(await handshake({ headers: { cookie, origin: 'https://evil.example', ...spoof } })).toBe(
      'FORBIDDEN',
    );
    const rest = await t.request('/api/auth/me', {
      method: 'PUT',
      body: { language: 'en' },
      headers: { cookie, origin: 'https://evil.example', ...spoof },
    });
    expect(rest.status).toBe(403);
  });

  it('a cookie of an ended session is UNAUTHORIZED even from our own Origin', async () => {
    const other = await newUser(t);
    expect((await api(t, other.token, 'POST', '/api/auth/logout')).status).toBe(204);
    const cookie = `atrio_session=${other.token}`;
    expect(await handshake({ headers: { cookie, origin: ourOrigin() } })).toBe('UNAUTHORIZED');
  });
});

const PYTHON = '/usr/bin/python3';
const pythonClient = spawnSync(PYTHON, ['-c', 'import socketio, websocket, requests'], { stdio: 'ignore' });
const hasPythonClient = pythonClient.status === 0;
if (!hasPythonClient) {
  console.warn(
    'SKIPPED: the python3-socketio end-to-end test needs Debian packages python3-socketio, ' +
      'python3-websocket and python3-requests (.ci/run installs them).',
  );
}

describe('a Socket.IO client nobody on the team wrote', () => {
  it.skipIf(!hasPythonClient)(
    "Debian's python3-socketio connects with a token, joins, sends with an ack and receives the broadcast",
    async () => {
      const room = await newRoom(t, user, { visibility: 'private' });
      const bot = await newUser(t);
      expect(
        (await api(t, user.token, 'POST', `/api/rooms/${room.id}/members`, { userId: bot.id })).status,
      ).toBe(204);
      const person = await connectAs(t, user.token);
      open.push(person);
      const fromBot = next(person, 'message:new', (event) => event.message.body === 'hello from python');
      const dir = tempDir('atrio-pybot-');
      const caFile = join(dir.path, 'ca.pem');
      writeFileSync(caFile, t.ca);
      const script = join(import.meta.dirname, '../../test/clients/python_socketio_bot.py');
      const child = spawn(PYTHON, [script, t.baseUrl, bot.token, String(room.id), caFile], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const steps: Record<string, Record<string, unknown>> = {};
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        for await (const line of createInterface({ input: child.stdout })) {
          const step = JSON.parse(line) as { step: string } & Record<string, unknown>;
          steps[step.step] = step;
          if (step.step === 'error') break;
          if (step.step === 'sent') {
            expect((await fromBot).message.authorId).toBe(bot.id);
            person.emit(
              'message:send',
              { roomId: room.id, body: 'hello bot', clientMsgId: 'to-bot' },
              () => {},
            );
          }
        }
        expect(steps.error, stderr).toBeUndefined();
        expect(steps.joined?.ack).toMatchObject({ ok: true, room: { id: room.id } });
        expect(steps.sent?.ack).toMatchObject({
          ok: true,
          message: { body: 'hello from python', authorId: bot.id },
        });
        expect(steps.received?.message).toMatchObject({
          body: 'hello bot',
          authorId: user.id,
          roomId: room.id,
        });
        expect(await exited).toBe(0);
      } finally {
        child.kill();
        dir.remove();
      }
    },
    30_000,
  );
});
