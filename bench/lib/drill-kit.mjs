// What every fault drill shares: a built server on temporary folders (started, killed, restarted
// on the same data), set-up through the public REST API, socket.io-client connections, and the
// report — a table of figures, bench/results/drill-<name>.json, and the last line
// `PASS <name>` or `FAIL <name>: <why>` (exit code 0 only on PASS).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { setTimeout } from 'node:timers';
import { HttpsJson } from './http.mjs';
import { spawnNode, stopChild } from './proc.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The build under test; DRILL_ATRIO_MAIN names another (e.g. a deliberately broken copy). */
export const MAIN = process.env.DRILL_ATRIO_MAIN ?? join(ROOT, 'dist/apps/api/src/main.js');
export const CLI = join(dirname(MAIN), 'cli/main.js');

export const password = () => `Pw-${randomBytes(12).toString('hex')}`;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A temporary folder holding `data/` and `certs/` (or a data dir given by the drill). */
export function drillFolders(prefix, { dataDir } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), `atrio-drill-${prefix}-`));
  return {
    tmp,
    dataDir: dataDir ?? join(tmp, 'data'),
    certDir: join(tmp, 'certs'),
    adminPassword: password(),
    remove: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** The environment the server and the CLI get: this process's, minus any ATRIO_* of the caller. */
export function serverEnv(folders, extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ATRIO_')));
  return {
    ...env,
    ATRIO_PORT: '0',
    ATRIO_HOST: '127.0.0.1',
    ATRIO_DATA_DIR: folders.dataDir,
    ATRIO_CERT_DIR: folders.certDir,
    ATRIO_ADMIN_PASSWORD: folders.adminPassword,
    ATRIO_LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...extra,
  };
}

/**
 * Starts the built server on `folders` and resolves once its banner is printed. The result holds
 * the URL, the CA to trust (re-read on every start: a renewal may change it), an HTTPS JSON
 * client, and stop()/kill().
 */
export async function startServer(folders, { env = {}, timeoutMs = 60_000 } = {}) {
  const proc = await spawnNode([MAIN], {
    env: serverEnv(folders, env),
    cwd: folders.tmp,
    ready: /is running/,
    pinLater: true,
    timeoutMs,
  });
  const url = `https://127.0.0.1:${proc.port}`;
  const ca = readFileSync(join(folders.certDir, 'server.crt'));
  const http = new HttpsJson(url, ca);
  return {
    ...proc,
    url,
    ca,
    http,
    async stop() {
      http.close();
      await stopChild(proc);
    },
    async kill() {
      http.close();
      proc.child.kill('SIGKILL');
      await proc.exited;
    },
  };
}

/**
 * Runs the built server expecting it NOT to start: resolves with {code, stdout, stderr, ms} once
 * it exits (or kills it after `timeoutMs` and reports code 'timeout' with whatever it printed).
 */
export function startExpectingRefusal(folders, { env = {}, timeoutMs = 30_000 } = {}) {
  const t0 = Date.now();
  const result = spawnSync(process.execPath, [MAIN], {
    env: serverEnv(folders, env),
    cwd: folders.tmp,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return {
    code: result.error ? 'timeout' : (result.status ?? result.signal),
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ms: Date.now() - t0,
  };
}

/** Runs the admin CLI (`atrio …`) on the same folders as the server; resolves {code, stdout, stderr}. */
export function runCli(folders, args, { env = {}, input } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: serverEnv(folders, env),
    cwd: ROOT,
    encoding: 'utf8',
    input,
    timeout: 120_000,
  });
  return { code: result.status ?? result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

export async function adminLogin(server, folders) {
  return (
    await server.http.ok('POST', '/api/auth/login', {
      body: { username: 'admin', password: folders.adminPassword },
    })
  ).token;
}

/** Reads a setting, merges `patch` into it and writes it back (audited, as an administrator would). */
export async function raiseSetting(server, adminToken, key, patch) {
  const current = await server.http.ok('GET', `/api/admin/settings/${key}`, { token: adminToken });
  const value = { ...current.value, ...patch };
  await server.http.ok('PUT', `/api/admin/settings/${key}`, { token: adminToken, body: { value } });
  return value;
}

/** A member created by the admin who then chose a password of their own; returns {id, username, password, token}. */
export async function newMember(server, adminToken, username) {
  const temporary = password();
  const chosen = password();
  const created = await server.http.ok('POST', '/api/admin/users', {
    token: adminToken,
    body: { username, displayName: username, password: temporary, roles: ['member'] },
  });
  const first = await server.http.ok('POST', '/api/auth/login', { body: { username, password: temporary } });
  await server.http.ok('POST', '/api/auth/password', {
    token: first.token,
    body: { currentPassword: temporary, newPassword: chosen },
  });
  const session = await server.http.ok('POST', '/api/auth/login', { body: { username, password: chosen } });
  return { id: created.id, username, password: chosen, token: session.token };
}

/** Opens an authenticated socket (no automatic reconnection: each drill decides when to come back). */
export function connect(server, token, { timeoutMs = 20_000 } = {}) {
  const socket = io(server.url, {
    ca: server.ca,
    transports: ['websocket'],
    reconnection: false,
    auth: { token },
    timeout: timeoutMs,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Emits with an acknowledgement; resolves with the ack, or {ok:false, error:{code:'NO_ACK'}} on timeout or disconnect. */
export async function ack(socket, event, payload, timeoutMs = 10_000) {
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch (error) {
    return { ok: false, error: { code: 'NO_ACK', message: error.message } };
  }
}

/** `sync` from `afterId` until the server has nothing more (it answers at most 1 000 a call). */
export async function syncAll(socket, roomId, afterId) {
  const messages = [];
  let cursor = afterId;
  let calls = 0;
  for (;;) {
    const answer = await ack(socket, 'sync', { roomId, afterId: cursor });
    calls++;
    if (!answer.ok) throw new Error(`sync failed: ${JSON.stringify(answer.error)}`);
    messages.push(...answer.messages);
    if (answer.messages.length === 0) return { messages, calls };
    cursor = answer.messages.at(-1).id;
  }
}

/** Runs a read-only query on the SQLite file of a stopped (or running, WAL) server. */
export function queryDb(dataDir, sql, ...params) {
  const Database = createRequire(join(ROOT, 'package.json'))('better-sqlite3');
  const db = new Database(join(dataDir, 'atrio.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

/**
 * Raises the scheduling priority of this process's session (its autogroup, which the server and
 * any helper it started belong to) and of every thread of `pids`, so that other work on a shared
 * machine delays a latency-sensitive drill less. Needs root; returns whether it worked.
 */
export function prioritize(pids, nice = -10) {
  let ok = true;
  try {
    if (existsSync('/proc/self/autogroup')) writeFileSync('/proc/self/autogroup', String(nice));
  } catch {
    ok = false;
  }
  for (const pid of [process.pid, ...pids]) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    ok = spawnSync('renice', ['-n', String(nice), '-p', ...tasks], { stdio: 'ignore' }).status === 0 && ok;
  }
  return ok;
}

/** Percentile (0–100) of a list of numbers; NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (value, digits = 1) =>
  typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(digits)) : value;

/**
 * The drill's report: checks (each a line of the verdict) and figures (the numbers behind it).
 * finish() prints both as tables, writes bench/results/drill-<name>.json and ends the process with
 * the verdict as its last line.
 */
export class DrillReport {
  constructor(name, description) {
    this.name = name;
    this.description = description;
    this.checks = [];
    this.figures = [];
    this.notes = [];
    this.started = new Date();
  }

  log(line) {
    console.log(line);
  }

  /** Something the drill changed from the defaults (e.g. a raised limit), printed and recorded. */
  note(line) {
    this.notes.push(line);
    console.log(`  note: ${line}`);
  }

  figure(label, value, unit = '') {
    this.figures.push({ label, value: round(value, 2), unit });
  }

  /** One property: `ok` true or false, `detail` the numbers that decided it. */
  check(label, ok, detail = '') {
    this.checks.push({ label, ok: Boolean(ok), detail: String(detail) });
    return Boolean(ok);
  }

  get passed() {
    return this.checks.length > 0 && this.checks.every((c) => c.ok);
  }

  finish(error) {
    if (error)
      this.check(
        'the drill ran to its end',
        false,
        error.stack?.split('\n').slice(0, 3).join(' | ') ?? error,
      );
    const figureRows = this.figures.map((f) => [f.label, `${f.value}${f.unit ? ` ${f.unit}` : ''}`]);
    if (figureRows.length) printTable(['figure', 'value'], figureRows);
    printTable(
      ['check', 'result', 'numbers'],
      this.checks.map((c) => [c.label, c.ok ? 'ok' : 'FAILED', c.detail]),
    );
    const failed = this.checks.filter((c) => !c.ok);
    const verdict =
      failed.length === 0 && this.checks.length > 0
        ? `PASS ${this.name}`
        : `FAIL ${this.name}: ${failed.length ? failed.map((c) => `${c.label} (${c.detail})`).join('; ') : 'no check ran'}`;
    const resultsDir = join(ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, `drill-${this.name}.json`),
      `${JSON.stringify(
        {
          drill: this.name,
          what: this.description,
          passed: this.passed && !error,
          verdict,
          started: this.started.toISOString(),
          seconds: round((Date.now() - this.started.getTime()) / 1000, 1),
          machine: {
            host: hostname(),
            cpus: cpus().length,
            cpu: cpus()[0]?.model,
            memGiB: round(totalmem() / 2 ** 30, 1),
            node: process.version,
          },
          build: MAIN,
          notes: this.notes,
          figures: this.figures,
          checks: this.checks,
        },
        null,
        2,
      )}\n`,
    );
    console.log(verdict);
    process.exit(verdict.startsWith('PASS') ? 0 : 1);
  }
}

/** Runs `body(report)` and always ends with the verdict, whatever it throws; `cleanup` runs first. */
export async function runDrill(name, description, body) {
  const report = new DrillReport(name, description);
  console.log(`drill ${name}: ${description}`);
  const cleanups = [];
  let failure;
  try {
    await body(report, (fn) => cleanups.push(fn));
  } catch (error) {
    failure = error;
  }
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      console.log(`  (clean-up: ${error.message})`);
    }
  }
  report.finish(failure);
}

export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
