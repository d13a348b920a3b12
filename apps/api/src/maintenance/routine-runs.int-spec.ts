import type { RoutineRun } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { item, PERMISSIVE_THRESHOLDS, runRoutine, setSetting } from '../../test/routines.js';

let t: TestServer;
let admin: string;
let member: TestUser;
let auditor: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
  member = await newUser(t, ['member']);
  auditor = await newUser(t, ['auditor']);
});
afterAll(() => t.close());

const tickPath = (run: number, itemId: string) => `/api/admin/routines/runs/${run}/items/${itemId}/tick`;
const q = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

describe('manual items', () => {
  it('keep the monthly run pending until each is ticked with a comment, by whom and when, audited', async () => {
    const run = await runRoutine(t, admin, 'monthly');
    expect(run).toMatchObject({ status: 'pending_manual', pendingManualItems: 2 });
    expect(item(run, 'security.policy_review')).toMatchObject({
      type: 'manual',
      status: 'pending',
      tickedBy: null,
    });
    expect(item(run, 'usage.statistics')).toMatchObject({ status: 'ok', figures: { users: 3 } });
    expect(item(run, 'certificate.renewal')).toMatchObject({
      status: 'ok',
      figures: { renewalHorizonDays: 60 },
    });

    const first = await api(t, admin, 'POST', tickPath(run.id, 'security.policy_review'), {
      comment: '  Reviewed lockout and 2FA; no change.  ',
    });
    expect(first.status, first.text).toBe(200);
    const afterFirst = first.json<RoutineRun>();
    expect(afterFirst).toMatchObject({ status: 'pending_manual', pendingManualItems: 1 });
    expect(item(afterFirst, 'security.policy_review')).toMatchObject({
      status: 'done',
      tickedByName: 'admin',
      comment: 'Reviewed lockout and 2FA; no change.',
      tickedAt: expect.any(String),
    });

    const second = await api(t, admin, 'POST', tickPath(run.id, 'improvement.planning'), {
      comment: 'Plan Q1',
    });
    expect(second.json<RoutineRun>()).toMatchObject({ status: run.checksStatus, pendingManualItems: 0 });

    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?${q({ filter: { action: 'routine.item_ticked' } })}`,
    );
    const entries = audit.json<Array<{ target: string; details: { itemId: string } }>>();
    expect(
      entries
        .filter((e) => e.target === `routine_run:${run.id}`)
        .map((e) => e.details.itemId)
        .sort(),
    ).toEqual(['improvement.planning', 'security.policy_review']);
  });

  it('refuse a second tick, an automatic check, an unknown run or item, and bad comments', async () => {
    const run = await runRoutine(t, admin, 'monthly');
    const ok = await api(t, admin, 'POST', tickPath(run.id, 'improvement.planning'), { comment: 'done' });
    expect(ok.status).toBe(200);
    const cases: Array<[string, string, unknown, number, string]> = [
      ['twice', tickPath(run.id, 'improvement.planning'), { comment: 'again' }, 409, 'CONFLICT'],
      ['a check', tickPath(run.id, 'usage.statistics'), { comment: 'x' }, 409, 'CONFLICT'],
      ['unknown run', tickPath(987654, 'improvement.planning'), { comment: 'x' }, 404, 'NOT_FOUND'],
      ['unknown item', tickPath(run.id, 'coffee.break'), { comment: 'x' }, 404, 'NOT_FOUND'],
      ['malformed run id', tickPath(0, 'improvement.planning'), { comment: 'x' }, 400, 'VALIDATION_FAILED'],
      ['no comment', tickPath(run.id, 'security.policy_review'), {}, 400, 'VALIDATION_FAILED'],
      [
        'blank comment',
        tickPath(run.id, 'security.policy_review'),
        { comment: '   ' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'long comment',
        tickPath(run.id, 'security.policy_review'),
        { comment: 'x'.repeat(1001) },
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [name, path, body, status, code] of cases) {
      const response = await api(t, admin, 'POST', path, body);
      expect(response.status, `${name}: ${response.text}`).toBe(status);
      expect(response.json(), name).toMatchObject({ error: { code, message: expect.any(String) } });
    }
    const unchanged = (await api(t, admin, 'GET', `/api/admin/routines/runs/${run.id}`)).json<RoutineRun>();
    expect(item(unchanged, 'security.policy_review').status).toBe('pending');
    expect(item(unchanged, 'improvement.planning').comment).toBe('done');
  });

  it('can be ticked only with routines.run', async () => {
    const run = await runRoutine(t, admin, 'monthly');
    for (const user of [member, auditor]) {
      const response = await api(t, user.token, 'POST', tickPath(run.id, 'improvement.planning'), {
        comment: 'x',
      });
      expect(response.status).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });
});

describe('runs as a react-admin resource', () => {
  it('lists with Content-Range, sorts, pages and filters by kind and status', async () => {
    const weekly = await runRoutine(t, admin, 'weekly');
    const response = await api(
      t,
      admin,
      'GET',
      `/api/admin/routines/runs?${q({ sort: ['id', 'DESC'], range: [0, 1], filter: {} })}`,
    );
    expect(response.status).toBe(200);
    const total = Number(/^runs 0-1\/(\d+)$/.exec(String(response.headers['content-range']))?.[1]);
    expect(total).toBeGreaterThanOrEqual(4);
    const page = response.json<RoutineRun[]>();
    expect(page.map((r) => r.id)).toEqual([weekly.id, weekly.id - 1]);
    expect(page[0]!.items.map((i) => i.itemId)).toContain('dependencies.advisories');

    const byKind = await api(
      t,
      admin,
      'GET',
      `/api/admin/routines/runs?${q({ filter: { kind: 'weekly' } })}`,
    );
    expect(byKind.json<RoutineRun[]>().map((r) => r.id)).toEqual([weekly.id]);
    expect(byKind.headers['content-range']).toBe('runs 0-0/1');

    const pending = await api(
      t,
      admin,
      'GET',
      `/api/admin/routines/runs?${q({ filter: { status: 'pending_manual' } })}`,
    );
    const pendingRuns = pending.json<RoutineRun[]>();
    expect(pendingRuns.length).toBeGreaterThan(0);
    expect(pendingRuns.every((r) => r.kind === 'monthly' && r.status === 'pending_manual')).toBe(true);

    const many = await api(t, admin, 'GET', `/api/admin/routines/runs?${q({ filter: { id: [weekly.id] } })}`);
    expect(many.json<RoutineRun[]>()).toEqual([weekly]);
  });

  it('answers bad list parameters, unknown runs and bad run requests with the contract errors', async () => {
    const cases: Array<[string, string, string, unknown, number, string]> = [
      [
        'filter kind',
        'GET',
        `/api/admin/routines/runs?${q({ filter: { kind: 'hourly' } })}`,
        undefined,
        400,
        'VALIDATION_FAILED',
      ],
      [
        'sort field',
        'GET',
        `/api/admin/routines/runs?${q({ sort: ['items', 'ASC'] })}`,
        undefined,
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown run', 'GET', '/api/admin/routines/runs/424242', undefined, 404, 'NOT_FOUND'],
      ['bad kind', 'POST', '/api/admin/routines/runs', { kind: 'hourly' }, 400, 'VALIDATION_FAILED'],
      ['no kind', 'POST', '/api/admin/routines/runs', {}, 400, 'VALIDATION_FAILED'],
    ];
    for (const [name, method, path, body, status, code] of cases) {
      const response = await api(t, admin, method, path, body);
      expect(response.status, `${name}: ${response.text}`).toBe(status);
      expect(response.json(), name).toMatchObject({ error: { code } });
    }
  });

  it('reads with monitoring.read, runs only with routines.run', async () => {
    expect((await api(t, auditor.token, 'GET', '/api/admin/routines/runs')).status).toBe(200);
    expect((await api(t, auditor.token, 'GET', '/api/admin/routines/alerts')).status).toBe(200);
    const run = await api(t, auditor.token, 'POST', '/api/admin/routines/runs', { kind: 'daily' });
    expect(run.status).toBe(403);
    expect(run.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await api(t, member.token, 'GET', '/api/admin/routines/runs')).status).toBe(403);
    expect((await api(t, member.token, 'GET', '/api/admin/database/check')).status).toBe(403);
    expect((await t.request('/api/admin/routines/runs')).status).toBe(401);
  });
});
