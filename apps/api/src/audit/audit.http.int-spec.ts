import { type AuditEntry, auditEntrySchema, auditVerifyResultSchema } from '@atrio/protocol';
import { randomBytes } from 'node:crypto';
import simpleRestProvider from 'ra-data-simple-rest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { adminToken, api, login, newUser } from '../../test/factories.js';
import type { HttpResponse } from '../../test/http-client.js';

let t: TestServer;
let admin: string;
/** Every failed login of this file is by a name containing `tag`, so filters can single them out. */
const tag = `t${randomBytes(4).toString('hex')}`;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  // Ids and order known: a-… twice, then b-… once, then the spreadsheet formulas.
  for (const name of [`a-${tag}`, `a-${tag}`, `b-${tag}`, `=cmd-${tag}`, `@sum-${tag}`]) {
    expect((await login(t, name, 'not the password')).status).toBe(401);
  }
});
afterAll(() => t.close());

interface ErrorBody {
  error: { code: string; details?: { fields: Array<{ path: string }> } };
}
const errorOf = (response: HttpResponse) => response.json<ErrorBody>().error;
type Sort = { field: string; order: 'ASC' | 'DESC' };
const query = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** The console's own data provider, speaking to the real server; records every URL it asks for. */
function consoleProvider(token: string) {
  const asked: string[] = [];
  const provider = simpleRestProvider(`${t.baseUrl}/api/admin`, async (url: string, options = {}) => {
    const path = url.slice(t.baseUrl.length);
    asked.push(path);
    const headers = Object.fromEntries(new Headers(options.headers).entries());
    const response = await t.request(path, { headers: { ...headers, authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
    const answer = new Headers();
    for (const [name, value] of Object.entries(response.headers))
      if (typeof value === 'string') answer.set(name, value);
    return { status: response.status, headers: answer, body: response.text, json: response.json() };
  });
  return { provider, asked };
}

async function list(filter: object, sort: Sort = { field: 'id', order: 'ASC' }, perPage = 100) {
  const { provider } = consoleProvider(admin);
  const page = await provider.getList<AuditEntry>('audit', {
    pagination: { page: 1, perPage },
    sort,
    filter,
  });
  return page.data;
}

describe('GET /api/admin/audit as react-admin asks for it', () => {
  it('answers pages of contract-shaped entries with Content-Range, to the exact query the console sends', async () => {
    const { provider, asked } = consoleProvider(admin);
    const sort: Sort = { field: 'id', order: 'DESC' };
    const first = await provider.getList<AuditEntry>('audit', {
      pagination: { page: 1, perPage: 3 },
      sort,
      filter: {},
    });
    expect(asked[0]).toBe(
      '/api/admin/audit?filter=%7B%7D&range=%5B0%2C2%5D&sort=%5B%22id%22%2C%22DESC%22%5D',
    );
    const raw = await api(t, admin, 'GET', asked[0]!);
    expect(raw.headers['content-range']).toBe(`audit 0-2/${first.total}`);
    expect(first.data).toHaveLength(3);
    for (const entry of first.data) auditEntrySchema.strict().parse(entry);
    const second = await provider.getList<AuditEntry>('audit', {
      pagination: { page: 2, perPage: 3 },
      sort,
      filter: {},
    });
    expect(second.total).toBe(first.total);
    const ids = [...first.data, ...second.data].map((entry) => entry.id);
    expect(ids).toEqual(Array.from({ length: 6 }, (_, i) => ids[0]! - i));

    const one = await provider.getOne<AuditEntry>('audit', { id: ids[4]! });
    expect(one.data).toEqual(second.data[1]);
    const many = await provider.getMany<AuditEntry>('audit', { ids: [ids[0]!, ids[5]!] });
    expect(many.data.map((entry) => entry.id).sort()).toEqual([ids[0], ids[5]].sort());
    const beyond = await api(t, admin, 'GET', `/api/admin/audit?range=[100000,100009]`);
    expect(beyond.json()).toEqual([]);
    expect(beyond.headers['content-range']).toMatch(/^audit 100000-100000\/\d+$/);
  });

  it('filters by action prefix, actor, outcome and free text', async () => {
    const failures = await list({ q: tag });
    expect(failures.map((e) => e.actorName)).toEqual([
      `a-${tag}`,
      `a-${tag}`,
      `b-${tag}`,
      `=cmd-${tag}`,
      `@sum-${tag}`,
    ]);
    for (const entry of failures) {
      expect(entry).toMatchObject({ action: 'auth.login.failed', outcome: 'failure', actorId: null });
      expect(entry.ip).toMatch(/127\.0\.0\.1/);
    }
    expect(await list({ actor: `A-${tag}` })).toHaveLength(2);
    expect(await list({ action: 'auth.login.', q: tag })).toHaveLength(5);
    expect(await list({ action: 'auth.login.succeeded', q: tag })).toEqual([]);
    expect(await list({ outcome: 'failure', actor: `b-${tag}` })).toHaveLength(1);
    expect(await list({ outcome: 'success', q: tag })).toEqual([]);
    expect(await list({ target: `username:b-${tag}` })).toHaveLength(1);
    const successes = await list({ action: 'auth.login.succeeded', actor: 'admin' });
    expect(successes.length).toBeGreaterThan(0);
    expect(successes.every((e) => e.actorName === 'admin' && e.outcome === 'success')).toBe(true);
  });

  it('filters by time, bounds inclusive, a bare day meaning all of it', async () => {
    const [first, second, , , last] = await list({ q: tag });
    const shift = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
    expect(await list({ q: tag, from: first!.at, to: last!.at })).toHaveLength(5);
    expect((await list({ q: tag, from: shift(first!.at, 1) }))[0]?.id).toBe(second!.id);
    expect(await list({ q: tag, to: shift(last!.at, -1) })).toHaveLength(4);
    expect(await list({ q: tag, to: shift(first!.at, -1) })).toEqual([]);
    expect(await list({ q: tag, from: first!.at.slice(0, 10), to: last!.at.slice(0, 10) })).toHaveLength(5);
    expect(await list({ q: tag, from: shift(last!.at, 86_400_000).slice(0, 10) })).toEqual([]);
  });

  it('sorts on the allowed fields', async () => {
    const byName = (order: Sort['order']) => list({ q: tag }, { field: 'actorName', order });
    const names = (entries: AuditEntry[]) => entries.map((e) => e.actorName);
    expect(names(await byName('ASC'))).toEqual([
      `=cmd-${tag}`,
      `@sum-${tag}`,
      `a-${tag}`,
      `a-${tag}`,
      `b-${tag}`,
    ]);
    expect(names(await byName('DESC'))[0]).toBe(`b-${tag}`);
    const newest = await list({ q: tag }, { field: 'at', order: 'DESC' });
    expect(newest.map((e) => e.id)).toEqual((await list({ q: tag })).map((e) => e.id).reverse());
  });

  it.each([
    ['filter that is not JSON', 'filter=%7B', 'filter'],
    ['unknown filter field', query({ password: 'x' }), 'filter'],
    ['bad outcome', query({ outcome: 'maybe' }), 'filter.outcome'],
    ['bad date', query({ from: 'yesterday' }), 'filter.from'],
    ['hidden sort column', 'sort=%5B%22hash%22%2C%22ASC%22%5D', 'sort'],
    ['reversed range', 'range=%5B5%2C1%5D', 'range'],
    ['repeated parameter', 'filter=%7B%7D&filter=%7B%7D', 'filter'],
  ])('refuses a %s with 400 VALIDATION_FAILED', async (_name, search, path) => {
    const response = await api(t, admin, 'GET', `/api/admin/audit?${search}`);
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    expect(errorOf(response).details?.fields.map((f) => f.path)).toContain(path);
  });
});

describe('who may read the trail', () => {
  const paths = [
    '/api/admin/audit',
    '/api/admin/audit/1',
    '/api/admin/audit/verify',
    '/api/admin/audit/export.csv',
  ];

  it('an auditor reads everything; a member gets 403; nobody without a token gets in', async () => {
    const auditor = await newUser(t, ['auditor']);
    const member = await newUser(t, ['member']);
    for (const path of paths) {
      expect((await api(t, auditor.token, 'GET', path)).status, path).toBe(200);
      const refused = await api(t, member.token, 'GET', path);
      expect(refused.status, path).toBe(403);
      expect(errorOf(refused).code).toBe('FORBIDDEN');
      const anonymous = await t.request(path);
      expect(anonymous.status, path).toBe(401);
      expect(errorOf(anonymous).code).toBe('UNAUTHORIZED');
    }
  });

  it('has no route that writes: POST, PUT, PATCH and DELETE are 404, and nothing changes', async () => {
    const before = (await api(t, admin, 'GET', '/api/admin/audit/1')).json<AuditEntry>();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      for (const path of ['/api/admin/audit', '/api/admin/audit/1']) {
        const response = await api(t, admin, method, path, { action: 'x.y', outcome: 'success' });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(errorOf(response).code).toBe('NOT_FOUND');
      }
    expect((await api(t, admin, 'GET', '/api/admin/audit/1')).json()).toEqual(before);
  });

  it('GET /:id: a malformed id is 400 VALIDATION_FAILED, an unknown one 404', async () => {
    const malformed = await api(t, admin, 'GET', '/api/admin/audit/abc');
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'id' }] },
    });
    const unknown = await api(t, admin, 'GET', '/api/admin/audit/99999999');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('NOT_FOUND');
  });
});

describe('integrity and export', () => {
  it('verifies the chain, reports the first altered row, and recovers once it is put back', async () => {
    const intact = await api(t, admin, 'GET', '/api/admin/audit/verify');
    expect(intact.status).toBe(200);
    expect(auditVerifyResultSchema.parse(intact.json())).toMatchObject({
      ok: true,
      headHash: /^[0-9a-f]{64}$/,
    });

    const [victim] = await list({ actor: `b-${tag}` });
    const dataSource = t.server.app.get(DataSource);
    const tamper = (target: string) =>
      dataSource.query('UPDATE audit_entries SET target = ? WHERE id = ?', [target, victim!.id]);
    await tamper('username:somebody-else');
    const broken = await api(t, admin, 'GET', '/api/admin/audit/verify');
    expect(auditVerifyResultSchema.parse(broken.json())).toMatchObject({
      ok: false,
      firstBrokenId: victim!.id,
      checked: victim!.id - 1,
      reason: 'hash_mismatch',
    });
    // The altered row stays readable, so the console can show what was found.
    expect((await api(t, admin, 'GET', `/api/admin/audit/${victim!.id}`)).json()).toMatchObject({
      target: 'username:somebody-else',
      hash: victim!.hash,
    });
    const [logged] = await list({ action: 'audit.verified', outcome: 'failure' });
    expect(logged).toMatchObject({ actorName: 'admin', details: { firstBrokenId: victim!.id } });

    await tamper(victim!.target!);
    expect((await api(t, admin, 'GET', '/api/admin/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('exports the filtered entries as CSV, oldest first, with formulas neutralised', async () => {
    const response = await api(t, admin, 'GET', `/api/admin/audit/export.csv?${query({ q: tag })}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="atrio-audit.csv"');
    const lines = response.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,at,actorId,actorName,action,target,outcome,ip,details,prevHash,hash');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    const listed = await list({ q: tag });
    expect(rows.map((row) => Number(row.split(',')[0]))).toEqual(listed.map((e) => e.id));
    const cells = (row: string) => row.split(',').slice(0, 8);
    expect(cells(rows[0]!).slice(2)).toEqual([
      '',
      `a-${tag}`,
      'auth.login.failed',
      `username:a-${tag}`,
      'failure',
      expect.stringMatching(/127\.0\.0\.1/),
    ]);
    expect(cells(rows[3]!)[3]).toBe(`'=cmd-${tag}`);
    expect(cells(rows[4]!)[3]).toBe(`'@sum-${tag}`);
    expect(rows[3]).toContain(`,username:=cmd-${tag},`);

    const exported = await list({ action: 'audit.exported' }, { field: 'id', order: 'DESC' });
    expect(exported[0]).toMatchObject({ actorName: 'admin', details: { filter: { q: tag } } });
    const bad = await api(t, admin, 'GET', `/api/admin/audit/export.csv?${query({ outcome: 'maybe' })}`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/json/);
    expect(errorOf(bad).code).toBe('VALIDATION_FAILED');
  });
});
