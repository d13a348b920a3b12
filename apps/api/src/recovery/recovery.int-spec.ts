import type { RecoveryChallenge } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { totpAt } from '../../test/totp.js';
import {
  adminToken,
  api,
  login,
  newPassword,
  newUser,
  tokenFor,
  type TestUser,
} from '../../test/factories.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  await api(t, admin, 'PUT', '/api/admin/settings/security.loginThrottle', {
    value: { maxFailuresPerIp: 1000, windowMinutes: 15 },
  });
});
afterAll(() => t.close());

const ANSWERS = { first_pet: 'Rex', favourite_book: 'Don Quijote', first_school: 'Colegio San José' };

async function withAnswers(): Promise<TestUser> {
  const user = await newUser(t);
  const set = await api(t, user.token, 'PUT', '/api/auth/security-questions', {
    currentPassword: user.password,
    answers: Object.entries(ANSWERS).map(([question, answer]) => ({ question, answer })),
  });
  expect(set.status).toBe(200);
  return user;
}

async function start(username: string): Promise<RecoveryChallenge> {
  const response = await t.request('/api/auth/recovery/start', { method: 'POST', body: { username } });
  expect(response.status).toBe(200);
  return response.json<RecoveryChallenge>();
}

const answersFor = (questions: string[], transform = (s: string) => s) =>
  Object.fromEntries(questions.map((q) => [q, transform(ANSWERS[q as keyof typeof ANSWERS] ?? 'nope')]));

const codeOf = (response: { json: <T>() => T }) => response.json<{ error: { code: string } }>().error.code;

describe('recovery by security questions', () => {
  it('refuses fewer than three answers, a wrong current password, and repeated questions', async () => {
    const user = await newUser(t);
    const two = await api(t, user.token, 'PUT', '/api/auth/security-questions', {
      currentPassword: user.password,
      answers: [
        { question: 'first_pet', answer: 'Rex' },
        { question: 'favourite_book', answer: 'Dune' },
      ],
    });
    expect(two.status).toBe(400);
    const wrongPassword = await api(t, user.token, 'PUT', '/api/auth/security-questions', {
      currentPassword: 'not my password',
      answers: Object.entries(ANSWERS).map(([question, answer]) => ({ question, answer })),
    });
    expect(wrongPassword.status).toBe(400);
    const repeated = await api(t, user.token, 'PUT', '/api/auth/security-questions', {
      currentPassword: user.password,
      answers: [1, 2, 3].map(() => ({ question: 'first_pet', answer: 'Rex' })),
    });
    expect(repeated.status).toBe(400);
  });

  it('asks the same questions each time, and an unknown name gets questions too', async () => {
    const user = await withAnswers();
    const first = await start(user.username);
    expect(first.questions).toHaveLength(2);
    expect(first.questions.every((q) => q in ANSWERS)).toBe(true);
    expect((await start(user.username)).questions).toEqual(first.questions);
    const ghost = await start(`ghost-${Date.now()}`);
    expect(ghost.questions).toHaveLength(2);
  });

  it('resets the password with the right answers (any case or accents), ends old sessions, and unlocks', async () => {
    const user = await withAnswers();
    for (let i = 0; i < 5; i++) await login(t, user.username, `wrong ${i}`); // locked now
    const { questions } = await start(user.username);
    // Locked accounts are refused before any answer is checked.
    const whileLocked = await t.request('/api/auth/recovery/answers', {
      method: 'POST',
      body: { username: user.username, answers: answersFor(questions), newPassword: newPassword() },
    });
    expect(codeOf(whileLocked)).toBe('ACCOUNT_LOCKED');
    await api(t, admin, 'POST', `/api/admin/users/${user.id}/unlock`);
    const next = newPassword();
    const response = await t.request('/api/auth/recovery/answers', {
      method: 'POST',
      body: {
        username: user.username.toUpperCase(),
        answers: answersFor(
          questions,
          (s) => ` ${s.toUpperCase().normalize('NFD').replace(/\p{M}/gu, '')}! `,
        ),
        newPassword: next,
      },
    });
    expect(response.status).toBe(204);
    expect((await api(t, user.token, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await login(t, user.username, user.password)).status).toBe(401);
    expect((await login(t, user.username, next)).status).toBe(200);
  });

  it('wrong answers count toward the same lockout, for real and unknown names alike', async () => {
    const user = await withAnswers();
    const ghost = `ghost-${Date.now()}`;
    const statuses = { real: [] as number[], ghost: [] as number[] };
    for (const [name, list] of [
      [user.username, statuses.real],
      [ghost, statuses.ghost],
    ] as const) {
      const { questions } = await start(name);
      for (let i = 0; i < 5; i++) {
        const response = await t.request('/api/auth/recovery/answers', {
          method: 'POST',
          body: {
            username: name,
            answers: answersFor(questions, () => `guess ${i}`),
            newPassword: newPassword(),
          },
        });
        list.push(response.status);
      }
    }
    expect(statuses.real).toEqual([401, 401, 401, 401, 423]);
    expect(statuses.ghost).toEqual(statuses.real);
    expect((await login(t, user.username, user.password)).status).toBe(423);
  });

  it('never bypasses two-factor authentication', async () => {
    const user = await withAnswers();
    const setup = await api(t, user.token, 'POST', '/api/auth/2fa/setup');
    const { secret } = setup.json<{ secret: string }>();
    const clock = t.server.app.get(Clock);
    const code = () => totpAt(t, secret);
    expect((await api(t, user.token, 'POST', '/api/auth/2fa/confirm', { code: await code() })).status).toBe(
      200,
    );
    clock.advance(30_000);
    const { questions } = await start(user.username);
    const body = { username: user.username, answers: answersFor(questions), newPassword: newPassword() };
    const withoutCode = await t.request('/api/auth/recovery/answers', { method: 'POST', body });
    expect(codeOf(withoutCode)).toBe('TOTP_REQUIRED');
    const withCode = await t.request('/api/auth/recovery/answers', {
      method: 'POST',
      body: { ...body, totp: await code() },
    });
    expect(withCode.status).toBe(204);
  });

  it('can be turned off by policy', async () => {
    const user = await withAnswers();
    await api(t, admin, 'PUT', '/api/admin/settings/security.recovery', {
      value: { questionsEnabled: false, questionsAsked: 2, resetCodeHours: 24 },
    });
    try {
      const response = await t.request('/api/auth/recovery/start', {
        method: 'POST',
        body: { username: user.username },
      });
      expect(response.status).toBe(403);
    } finally {
      await api(t, admin, 'PUT', '/api/admin/settings/security.recovery', {
        value: { questionsEnabled: true, questionsAsked: 2, resetCodeHours: 24 },
      });
    }
  });

  it('stores no answer in clear', async () => {
    const user = await withAnswers();
    const { DataSource } = await import('typeorm');
    const rows = await t.server.app
      .get(DataSource)
      .query('SELECT answer_hash FROM security_answers WHERE user_id = ?', [user.id]);
    expect(rows).toHaveLength(3);
    for (const row of rows as Array<{ answer_hash: string }>) {
      // An argon2id hash, itself encrypted at rest (apps/api/src/encryption).
      expect(row.answer_hash).toMatch(/^enc:v1:[0-9a-f]{16}:/);
      expect(row.answer_hash.toLowerCase()).not.toContain('rex');
    }
  });
});

describe('recovery by an administrator’s reset code', () => {
  it('issues a one-time code that resets the password once', async () => {
    const user = await newUser(t);
    const issued = await api(t, admin, 'POST', `/api/admin/users/${user.id}/reset-code`);
    expect(issued.status).toBe(201);
    const { code } = issued.json<{ code: string }>();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const weak = await t.request('/api/auth/recovery/code', {
      method: 'POST',
      body: { username: user.username, code, newPassword: 'password1234' },
    });
    expect(weak.status).toBe(400); // policy refused; the code is not spent
    const next = newPassword();
    const used = await t.request('/api/auth/recovery/code', {
      method: 'POST',
      body: { username: user.username, code: code.toLowerCase().replace(/-/g, ' '), newPassword: next },
    });
    expect(used.status).toBe(204);
    expect((await tokenFor(t, user.username, next)).length).toBeGreaterThan(20);
    const again = await t.request('/api/auth/recovery/code', {
      method: 'POST',
      body: { username: user.username, code, newPassword: newPassword() },
    });
    expect(codeOf(again)).toBe('INVALID_CREDENTIALS');
  });

  it('expires, and a newer code replaces an older one', async () => {
    const user = await newUser(t);
    const older = (await api(t, admin, 'POST', `/api/admin/users/${user.id}/reset-code`)).json<{
      code: string;
    }>().code;
    const newer = (await api(t, admin, 'POST', `/api/admin/users/${user.id}/reset-code`)).json<{
      code: string;
    }>().code;
    const tryCode = (code: string) =>
      t.request('/api/auth/recovery/code', {
        method: 'POST',
        body: { username: user.username, code, newPassword: newPassword() },
      });
    expect((await tryCode(older)).status).toBe(401);
    t.server.app.get(Clock).advance(25 * 3_600_000);
    expect((await tryCode(newer)).status).toBe(401);
  });

  it('is only issued by someone who may manage the account', async () => {
    const member = await newUser(t);
    expect((await api(t, member.token, 'POST', '/api/admin/users/1/reset-code')).status).toBe(403);
    const freshAdmin = await adminToken(t); // earlier tests moved the clock past the first session
    expect((await api(t, freshAdmin, 'POST', '/api/admin/users/999999/reset-code')).status).toBe(404);
  });
});
