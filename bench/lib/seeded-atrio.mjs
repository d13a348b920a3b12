// Atrio with thousands of users, set up in seconds instead of minutes: the built server is started
// once on a fresh data folder (migrations, first administrator, certificate, its first scheduled
// backup) and configured through the admin API; then it is stopped, and users (one argon2id hash of
// the configured cost, shared), their "member" role, a session each, rooms, direct conversations,
// memberships — and optionally messages — are written straight into its SQLite file, in the schema
// the migrations created; then the server is started again on the same folder. Sessions are real
// ones (only the token's SHA-256 is stored, as the server does), so sockets authenticate normally.
// Creating 2 000 users through the API instead costs 4 argon2 hashes each (≈ 3 minutes here).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpsJson } from './http.mjs';
import { spawnNode, stopChild } from './proc.mjs';

const DAY = 86_400_000;

/**
 * `users`: how many; `rooms`: [{name, memberIndexes, direct?}] (a direct room holds two members);
 * `settings`: {key: partial value} merged into the current value through PUT /api/admin/settings;
 * `seed(db, ctx)`: optional, more rows (ctx: {userIds, roomIds, now}) before the restart.
 */
export async function startSeededAtrio({ root, users, rooms = [], settings = {}, seed, log = () => {} }) {
  const require = createRequire(join(root, 'package.json'));
  const tmp = mkdtempSync(join(tmpdir(), 'atrio-bench-'));
  const adminPassword = `Pw-${randomBytes(12).toString('hex')}`;
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
  const launch = (args = extraArgs) =>
    spawnNode([...args, main], { env, cwd: tmp, ready: /is running/, pinLater: true });
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  const t0 = performance.now();

  // 1. A fresh server: schema, administrator, certificate; settings through the API; first backup.
  let proc = await launch([]).catch((error) => {
    cleanup();
    throw error;
  });
  const ca = readFileSync(join(tmp, 'certs', 'server.crt'));
  let http = new HttpsJson(`https://127.0.0.1:${proc.port}`, ca);
  const password = `Pw-${randomBytes(12).toString('hex')}`;
  let passwordHash;
  const applied = {};
  try {
    const admin = await http.ok('POST', '/api/auth/login', {
      body: { username: 'admin', password: adminPassword },
    });
    for (const [key, partial] of Object.entries(settings)) {
      const current = await http.ok('GET', `/api/admin/settings/${key}`, { token: admin.token });
      applied[key] = { ...current.value, ...partial };
      await http.ok('PUT', `/api/admin/settings/${key}`, {
        token: admin.token,
        body: { value: applied[key] },
      });
    }
    // The same argon2id parameters as the server (apps/api/src/auth/passwords/password-hasher.ts).
    const argon2 = require('@node-rs/argon2');
    passwordHash = await argon2.hash(password, {
      algorithm: argon2.Algorithm.Argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    // A fresh server takes a scheduled backup at its first minute tick; let it happen now, so
    // that it never lands in a measurement (the next one is due at tomorrow's slot).
    await waitForScheduledBackup(http, admin.token, log);
  } finally {
    http.close();
    await stopChild(proc);
  }

  // 2. Rows, straight into the database file.
  const Database = require('better-sqlite3');
  const db = new Database(join(tmp, 'data', 'atrio.db'));
  const now = Date.now();
  const tokens = [];
  const userIds = [];
  const roomIds = {};
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const memberRole = db.prepare("SELECT id FROM roles WHERE name = 'member'").get().id;
    db.transaction(() => {
      const user = db.prepare(
        `INSERT INTO users (username, display_name, password_hash, status, must_change_password, created_at, password_changed_at, language)
         VALUES (?, ?, ?, 'active', 0, ?, ?, 'en')`,
      );
      const role = db.prepare('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)');
      const session = db.prepare(
        `INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, idle_timeout_ms, ip, user_agent)
         VALUES (?, ?, ?, ?, ?, ?, ?, '127.0.0.1', 'atrio-bench')`,
      );
      for (let i = 0; i < users; i++) {
        const id = Number(
          user.run(benchUsername(i), `Bench ${i + 1}`, passwordHash, now, now).lastInsertRowid,
        );
        role.run(id, memberRole);
        const token = randomBytes(32).toString('base64url');
        session.run(randomBytes(16).toString('hex'), sha256(token), id, now, now, now + 7 * DAY, DAY);
        userIds.push(id);
        tokens.push(token);
      }
      const room = db.prepare(
        `INSERT INTO rooms (name, visibility, direct_key, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
      );
      const member = db.prepare(
        `INSERT INTO room_members (room_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)`,
      );
      for (const spec of rooms) {
        const ids = spec.memberIndexes.map((i) => userIds[i]);
        const directKey = spec.direct ? [...ids].sort((a, b) => a - b).join(',') : null;
        const visibility = spec.direct ? 'direct' : 'public';
        const id = Number(
          room.run(spec.name.slice(0, 80), visibility, directKey, ids[0], now).lastInsertRowid,
        );
        roomIds[spec.name] = id;
        ids.forEach((userId, n) => member.run(id, userId, !spec.direct && n === 0 ? 'owner' : 'member', now));
      }
    })();
    seed?.(db, { userIds, roomIds, now });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const seedSeconds = (performance.now() - t0) / 1000;

  // 3. The same server again, on the seeded folder.
  proc = await launch();
  const url = `https://127.0.0.1:${proc.port}`;
  http = new HttpsJson(url, ca);
  const members = userIds.map((userId, index) => ({
    index,
    userId,
    token: tokens[index],
    name: `Bench ${index + 1}`,
    username: benchUsername(index),
  }));
  if (members.length) await http.ok('GET', '/api/rooms', { token: members[0].token }); // the seeded session works
  const admin = await http.ok('POST', '/api/auth/login', {
    body: { username: 'admin', password: adminPassword },
  });

  return {
    name: 'atrio',
    url,
    ca,
    http,
    adminToken: admin.token,
    password, // every seeded user's password
    pid: proc.pid,
    dataDir: join(tmp, 'data'),
    certPath: join(tmp, 'certs', 'server.crt'),
    keyPath: join(tmp, 'certs', 'server.key'),
    members,
    roomIds,
    settings: applied,
    setupSeconds: (performance.now() - t0) / 1000,
    seedSeconds,
    sendEvent: 'message:send',
    auth: (m) => ({ token: m.token }),
    output: () => proc.output(),
    pin: () => proc.pin(),
    async stop() {
      http.close();
      await stopChild(proc);
    },
    cleanup,
    /** Messages the load generator sent that are in the database (read after the server stopped). */
    countStoredBenchMessages() {
      const readonly = new Database(join(tmp, 'data', 'atrio.db'), { readonly: true });
      try {
        return readonly.prepare("SELECT COUNT(*) AS n FROM messages WHERE body LIKE 'bench s=%'").get().n;
      } finally {
        readonly.close();
      }
    },
  };
}

export const benchUsername = (index) => `bench${String(index + 1).padStart(5, '0')}`;
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

async function waitForScheduledBackup(http, token, log) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const backups = await http.ok('GET', '/api/admin/backups', { token });
    if (backups.some((b) => b.trigger === 'scheduled')) return;
    await sleep(1000);
  }
  log('  (no scheduled backup within 2 minutes: one may still run during the measurements)');
}
