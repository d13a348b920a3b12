#!/usr/bin/env node
// Drill `login-race`: 50 wrong logins sent at once for one account (and for a name nobody has)
// race the lock-out counter. Exactly the configured number of failures may be counted and
// answered INVALID_CREDENTIALS; every other attempt is ACCOUNT_LOCKED, and the account is locked
// with exactly that many failures on record — then even the right password is refused.
import { Agent } from 'node:https';
import { performance } from 'node:perf_hooks';
import {
  adminLogin,
  drillFolders,
  newMember,
  percentile,
  raiseSetting,
  runDrill,
  startServer,
} from '../lib/drill-kit.mjs';

const PARALLEL = Number(process.env.DRILL_LOGIN_PARALLEL ?? 50);

await runDrill(
  'login-race',
  `${PARALLEL} parallel wrong logins race one account's counter`,
  async (report, onExit) => {
    const folders = drillFolders('login-race');
    onExit(() => folders.remove());
    const server = await startServer(folders);
    onExit(() => server.stop());
    const admin = await adminLogin(server, folders);
    // One address sends every attempt here: lift the per-address throttle (30 failures per 15 min by
    // default) so that only the per-account lock-out decides the answers.
    await raiseSetting(server, admin, 'security.loginThrottle', { maxFailuresPerIp: 10_000 });
    report.note(
      'security.loginThrottle.maxFailuresPerIp raised to 10 000 (all attempts come from 127.0.0.1)',
    );
    const lockout = (await server.http.ok('GET', '/api/admin/settings/security.lockout', { token: admin }))
      .value;
    const allowed = lockout.maxFailedAttempts;
    report.figure('configured lock-out (security.lockout.maxFailedAttempts)', allowed);
    const member = await newMember(server, admin, 'racer');

    // A pool as wide as the burst, so that every attempt is on the wire at the same time.
    server.http.agent = new Agent({ ca: server.ca, keepAlive: true, maxSockets: PARALLEL });
    const race = async (username) => {
      const t0 = performance.now();
      const answers = await Promise.all(
        Array.from({ length: PARALLEL }, async (_, i) => {
          const start = performance.now();
          const answer = await server.http.call('POST', '/api/auth/login', {
            body: { username, password: `wrong-password-${i}-${Date.now()}` },
          });
          return { status: answer.status, code: answer.body?.error?.code, ms: performance.now() - start };
        }),
      );
      const count = (status, code) => answers.filter((a) => a.status === status && a.code === code).length;
      return {
        invalid: count(401, 'INVALID_CREDENTIALS'),
        locked: count(423, 'ACCOUNT_LOCKED'),
        other: answers.filter(
          (a) =>
            !(a.status === 401 && a.code === 'INVALID_CREDENTIALS') &&
            !(a.status === 423 && a.code === 'ACCOUNT_LOCKED'),
        ),
        seconds: (performance.now() - t0) / 1000,
        p50: percentile(
          answers.map((a) => a.ms),
          50,
        ),
        max: Math.max(...answers.map((a) => a.ms)),
      };
    };

    // Audit entries of one kind for one target: the server's own count of what it decided.
    const audited = async (action, target) => {
      const filter = encodeURIComponent(JSON.stringify({ action, target }));
      const answer = await server.http.call('GET', `/api/admin/audit?filter=${filter}&range=[0,0]`, {
        token: admin,
      });
      return Number(/\/(\d+)$/.exec(answer.headers['content-range'] ?? '')?.[1] ?? NaN);
    };

    for (const [label, username, target] of [
      ['existing account', member.username, `user:${member.id}`],
      ['unknown name', 'nobody-has-this-name', 'username:nobody-has-this-name'],
    ]) {
      const result = await race(username);
      const failures = await audited('auth.login.failed', target);
      const refusals = await audited('auth.login.refused_locked', target);
      const locks = await audited('user.locked', target);
      report.figure(`${label}: answered 401 INVALID_CREDENTIALS`, result.invalid);
      report.figure(`${label}: answered 423 ACCOUNT_LOCKED`, result.locked);
      report.figure(`${label}: other answers`, result.other.length);
      report.figure(
        `${label}: audited failures / refusals while locked / locks`,
        `${failures} / ${refusals} / ${locks}`,
      );
      report.figure(`${label}: burst took`, result.seconds, 's');
      report.figure(
        `${label}: answer time p50 / max`,
        `${Math.round(result.p50)} / ${Math.round(result.max)}`,
        'ms',
      );
      // The failure that reaches the limit locks the account and is itself answered 423.
      report.check(
        `${label}: ${allowed - 1}× 401, then ${PARALLEL - allowed + 1}× 423`,
        result.invalid === allowed - 1 &&
          result.locked === PARALLEL - allowed + 1 &&
          result.other.length === 0,
        `${result.invalid}× 401, ${result.locked}× 423, ${result.other.length} other${
          result.other.length ? ` (${JSON.stringify(result.other.slice(0, 3))})` : ''
        }`,
      );
      report.check(
        `${label}: exactly ${allowed} failures counted, one lock, the rest refused unchecked`,
        failures === allowed && locks === 1 && refusals === PARALLEL - allowed,
        `audit: ${failures} failed, ${locks} locked, ${refusals} refused while locked`,
      );
    }

    const record = await server.http.ok('GET', `/api/admin/users/${member.id}`, { token: admin });
    report.check(
      `the account is locked with ${allowed} failures on record`,
      record.status === 'locked' && record.failedLogins === allowed && record.lockedUntil,
      `status ${record.status}, failedLogins ${record.failedLogins}, lockedUntil ${record.lockedUntil}`,
    );
    const right = await server.http.call('POST', '/api/auth/login', {
      body: { username: member.username, password: member.password },
    });
    report.check(
      'the right password is refused while locked',
      right.status === 423 && right.body?.error?.code === 'ACCOUNT_LOCKED',
      `${right.status} ${right.body?.error?.code}`,
    );
  },
);
