// The two systems under test: the built Atrio server (set up through its public REST API only) and
// the bare Socket.IO baseline. Each start() resolves with what the load generator needs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpsJson, mapLimit } from './http.mjs';
import { spawnNode, stopChild } from './proc.mjs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Per-user limits the benchmark raises, through the `chat.limits` setting an administrator may
 * change at run time (audited) — the same way an operator would, no special code path.
 */
export const BENCH_CHAT_LIMITS = {
  messagesPerSecond: 10_000,
  messageBurst: 10_000,
  eventsPerSecond: 100_000,
};
export const BENCH_LOGIN_THROTTLE = { maxFailuresPerIp: 10_000, windowMinutes: 1 };

// Hex only: it can never contain a username ("benchNNNN") or display-name part ("Bench").
const password = () => `Pw-${randomBytes(12).toString('hex')}`;

export async function startAtrio({ root, users, rooms, log, setup = true }) {
  const tmp = mkdtempSync(join(tmpdir(), 'atrio-bench-'));
  const adminPassword = password();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ATRIO_')));
  Object.assign(env, {
    ATRIO_PORT: '0',
    ATRIO_HOST: '127.0.0.1',
    ATRIO_DATA_DIR: join(tmp, 'data'),
    ATRIO_CERT_DIR: join(tmp, 'certs'),
    ATRIO_ADMIN_PASSWORD: adminPassword,
    ATRIO_LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  const extraArgs = process.env.BENCH_SERVER_NODE_ARGS ? process.env.BENCH_SERVER_NODE_ARGS.split(' ') : [];
  const main = process.env.BENCH_ATRIO_MAIN ?? join(root, 'dist/apps/api/src/main.js');
  const proc = await spawnNode([...extraArgs, main], {
    env,
    cwd: tmp,
    ready: /is running/,
    // Set-up (argon2 for every user) may use both cores; the server is pinned to core 0 before any
    // measurement (pin() below), so the figures are those of a server on one core.
    pinLater: true,
  }).catch((error) => {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  });
  const certPath = join(tmp, 'certs', 'server.crt');
  const keyPath = join(tmp, 'certs', 'server.key');
  const ca = readFileSync(certPath);
  const url = `https://127.0.0.1:${proc.port}`;
  const http = new HttpsJson(url, ca);
  const t0 = performance.now();
  const base = {
    name: 'atrio',
    url,
    ca,
    pid: proc.pid,
    certPath,
    keyPath,
    sendEvent: 'message:send',
    auth: (member) => ({ token: member.token }),
    output: proc.output,
    pin: proc.pin,
    async stop() {
      await stopChild(proc);
    },
    cleanup() {
      rmSync(tmp, { recursive: true, force: true });
    },
    /** Messages the load generator sent that are in the database (read after the server stopped). */
    countStoredBenchMessages() {
      const Database = createRequire(join(root, 'package.json'))('better-sqlite3');
      const db = new Database(join(tmp, 'data', 'atrio.db'), { readonly: true });
      try {
        return db.prepare("SELECT COUNT(*) AS n FROM messages WHERE body LIKE 'bench s=%'").get().n;
      } finally {
        db.close();
      }
    },
  };
  if (!setup) {
    http.close();
    return base;
  }

  const admin = await http.ok('POST', '/api/auth/login', {
    body: { username: 'admin', password: adminPassword },
  });
  const token = admin.token;
  const limits = await http.ok('GET', '/api/admin/settings/chat.limits', { token });
  await http.ok('PUT', '/api/admin/settings/chat.limits', {
    token,
    body: { value: { ...limits.value, ...BENCH_CHAT_LIMITS } },
  });
  await http.ok('PUT', '/api/admin/settings/security.loginThrottle', {
    token,
    body: { value: BENCH_LOGIN_THROTTLE },
  });
  log(
    `  settings: chat.limits ${JSON.stringify(BENCH_CHAT_LIMITS)}, security.loginThrottle ${JSON.stringify(BENCH_LOGIN_THROTTLE)}`,
  );

  // Users: created by the admin with a temporary password, then each logs in and chooses its own.
  // Four argon2 hashes per user (create, login, verify current, hash new); the server runs four at once.
  const members = await mapLimit(
    Array.from({ length: users }, (_, i) => i),
    8,
    async (index) => {
      const username = `bench${String(index + 1).padStart(4, '0')}`;
      const temporary = password();
      const chosen = password();
      const created = await http.ok('POST', '/api/admin/users', {
        token,
        body: { username, displayName: `Bench ${index + 1}`, password: temporary, roles: ['member'] },
      });
      const session = await http.ok('POST', '/api/auth/login', { body: { username, password: temporary } });
      await http.ok('POST', '/api/auth/password', {
        token: session.token,
        body: { currentPassword: temporary, newPassword: chosen },
      });
      return { index, userId: created.id, token: session.token, name: `Bench ${index + 1}` };
    },
  );
  const usersSeconds = (performance.now() - t0) / 1000;

  // Rooms, created by the admin, joined by each member with their own token.
  const roomIds = {};
  for (const spec of rooms) {
    const room = await http.ok('POST', '/api/rooms', {
      token,
      body: { name: spec.name, visibility: 'public' },
    });
    roomIds[spec.name] = room.id;
    await mapLimit(spec.memberIndexes, 16, (i) =>
      http.ok('POST', `/api/rooms/${room.id}/join`, { token: members[i].token }),
    );
  }
  // A fresh server takes its first scheduled backup (and verifies it) at its first minute tick;
  // wait for it here so that it does not land inside a measured step.
  await waitForScheduledBackup(http, token, log);
  const setupSeconds = (performance.now() - t0) / 1000;
  http.close();

  return { ...base, members, roomIds, usersSeconds, setupSeconds, adminToken: token };
}

export async function startBaseline({ root, certPath, keyPath, users, rooms }) {
  const proc = await spawnNode([join(root, 'bench/baseline-server.mjs'), certPath, keyPath, '0'], {
    env: { ...process.env, NODE_ENV: 'production' },
    cwd: root,
  });
  const roomIds = Object.fromEntries(rooms.map((spec, i) => [spec.name, i + 1]));
  return {
    name: 'baseline',
    url: `https://127.0.0.1:${proc.port}`,
    ca: readFileSync(certPath),
    pid: proc.pid,
    members: Array.from({ length: users }, (_, index) => ({
      index,
      userId: index + 1,
      name: `Bench ${index + 1}`,
    })),
    roomIds,
    sendEvent: 'send',
    joinEvent: 'join',
    auth: (member) => ({ userId: member.userId, name: member.name }),
    output: proc.output,
    pin: () => true, // pinned to core 0 from the start
    async stop() {
      await stopChild(proc);
    },
  };
}

async function waitForScheduledBackup(http, token, log) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const backups = await http.ok('GET', '/api/admin/backups', { token });
    if (backups.some((b) => b.trigger === 'scheduled')) return;
    await sleep(1000);
  }
  log('  (no scheduled backup within 2 minutes: one may still run during the measurements)');
}
