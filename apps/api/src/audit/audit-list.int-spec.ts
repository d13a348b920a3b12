import { consoleResources, type ErrorCode, type ListQuery } from '@atrio/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedAuditChain, testActor } from '../../test/audit-factory.js';
import {
  DATABASE_KINDS,
  type DatabaseKind,
  openTestDatabase,
  type TestDatabase,
} from '../../test/databases.js';
import { AppError } from '../common/app-error.js';
import { parseListQuery } from '../common/ra-list.js';
import type { NewAuditEntry } from './audit.service.js';
import { AuditService } from './audit.service.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(kind: DatabaseKind): Promise<TestDatabase & { audit: AuditService }> {
  const database = await openTestDatabase(kind);
  cleanups.push(database.close);
  return { ...database, audit: new AuditService(database.dataSource) };
}

const ana = testActor({ username: 'ana', ip: '10.0.0.1' });
const bob = testActor({ username: 'Bob', ip: '10.0.0.2' });

/** Six entries at known instants; ids 1..6 in this order. */
const SAMPLE: Array<[string, NewAuditEntry]> = [
  [
    '2026-01-10T08:00:00Z',
    { actor: ana, action: 'auth.login.succeeded', target: 'user:1', outcome: 'success' },
  ],
  [
    '2026-01-10T23:30:00Z',
    {
      actor: null,
      actorName: 'mallory_%',
      action: 'auth.login.failed',
      outcome: 'failure',
      ip: '192.168.1.9',
    },
  ],
  ['2026-01-11T09:00:00Z', { actor: bob, action: 'user.locked', target: 'user:2', outcome: 'success' }],
  [
    '2026-01-12T10:00:00Z',
    { actor: ana, action: 'role.updated', target: 'role:moderator', outcome: 'success' },
  ],
  ['2026-01-12T11:00:00Z', { actor: bob, action: 'room.deleted', target: 'room:5', outcome: 'denied' }],
  ['2026-01-13T00:00:00Z', { actor: null, action: 'backup.completed', outcome: 'success' }],
];

async function withSample(kind: DatabaseKind) {
  const opened = await open(kind);
  vi.useFakeTimers({ toFake: ['Date'] });
  for (const [at, entry] of SAMPLE) {
    vi.setSystemTime(new Date(at));
    await opened.audit.record(entry);
  }
  vi.useRealTimers();
  return opened;
}

/** The list as the console's route serves it: react-admin's query parsed for the audit resource, then the service. */
async function listed(audit: AuditService, query: ListQuery) {
  const request = parseListQuery(query, consoleResources.audit.sortable, consoleResources.audit.defaultSort);
  return { ...(await audit.list(request)), request };
}

async function ids(audit: AuditService, filter: object, sort = '["id","ASC"]'): Promise<number[]> {
  const page = await listed(audit, { filter: JSON.stringify(filter), sort });
  return page.rows.map((entry) => entry.id);
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  expect((await failure(promise)).code).toBe(code);
}

async function readAll(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of lines) text += chunk;
  return text;
}

describe.each(DATABASE_KINDS)('audit listing on %s', (kind) => {
  it('filters by actor, action prefix, outcome, target, ip, actorId, id and free text', async () => {
    const { audit } = await withSample(kind);
    expect(await ids(audit, {})).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await ids(audit, { actor: 'AN' })).toEqual([1, 4]);
    expect(await ids(audit, { actor: '_' })).toEqual([2]); // matched literally, not as a wildcard
    expect(await ids(audit, { action: 'auth.' })).toEqual([1, 2]);
    expect(await ids(audit, { action: 'auth.login.f' })).toEqual([2]);
    expect(await ids(audit, { outcome: 'denied' })).toEqual([5]);
    expect(await ids(audit, { target: 'user:2' })).toEqual([3]);
    expect(await ids(audit, { ip: '192.168.1.9' })).toEqual([2]);
    expect(await ids(audit, { actorId: bob.userId })).toEqual([3, 5]);
    expect(await ids(audit, { id: [2, 4] })).toEqual([2, 4]);
    expect(await ids(audit, { q: 'ROLE' })).toEqual([4]);
    expect(await ids(audit, { q: 'bob' })).toEqual([3, 5]);
    expect(await ids(audit, { q: 'user:' })).toEqual([1, 3]);
    expect(await ids(audit, { actor: 'ana', action: 'role.' })).toEqual([4]);
  });

  it('filters by time: bare days include the whole day, instants are inclusive', async () => {
    const { audit } = await withSample(kind);
    expect(await ids(audit, { from: '2026-01-11' })).toEqual([3, 4, 5, 6]);
    expect(await ids(audit, { to: '2026-01-10' })).toEqual([1, 2]);
    expect(await ids(audit, { from: '2026-01-12T10:00:00Z', to: '2026-01-12T11:00:00Z' })).toEqual([4, 5]);
    expect(await ids(audit, { from: '2026-01-12', to: '2026-01-12T11:00:00+01:00' })).toEqual([4]);
  });

  it('sorts on the allowed fields, ties broken by id', async () => {
    const { audit } = await withSample(kind);
    expect(await ids(audit, {}, '["at","DESC"]')).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await ids(audit, {}, '["action","ASC"]')).toEqual([2, 1, 6, 4, 5, 3]);
    expect(await ids(audit, {}, '["actorName","ASC"]')).toEqual([1, 4, 3, 5, 2, 6]);
    expect(await ids(audit, {}, '["outcome","DESC"]')).toEqual([6, 4, 3, 1, 2, 5]);
  });

  it('pages with range and reports the total of the filtered list', async () => {
    const { audit } = await withSample(kind);
    const page = await listed(audit, { range: '[1,2]', sort: '["id","ASC"]' });
    expect(page.rows.map((entry) => entry.id)).toEqual([2, 3]);
    expect(page.total).toBe(6);
    expect(page.request).toMatchObject({ skip: 1, take: 2 });
    const filtered = await listed(audit, { range: '[0,0]', filter: '{"actor":"ana"}' });
    expect(filtered.rows.map((entry) => entry.id)).toEqual([1]);
    expect(filtered.total).toBe(2);
  });

  it('refuses bad filters and sorts with VALIDATION_FAILED', async () => {
    const { audit } = await withSample(kind);
    const bad = await failure(listed(audit, { filter: '{"outcome":"maybe"}' }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.details).toMatchObject({ fields: [{ path: 'filter.outcome' }] });
    await expectCode(listed(audit, { filter: '{"password":"x"}' }), 'VALIDATION_FAILED');
    await expectCode(listed(audit, { filter: '{"from":"yesterday"}' }), 'VALIDATION_FAILED');
    await expectCode(listed(audit, { sort: '["hash","ASC"]' }), 'VALIDATION_FAILED');
  });

  it('gets one entry; an unknown id is NOT_FOUND, a malformed one VALIDATION_FAILED', async () => {
    const { audit } = await withSample(kind);
    expect(await audit.get('4')).toMatchObject({ id: 4, action: 'role.updated', actorName: 'ana' });
    await expectCode(audit.get('7'), 'NOT_FOUND');
    await expectCode(audit.get('99999999999'), 'NOT_FOUND');
    for (const id of ['abc', '0', '-1', '1.5', '1e3', ' 1'])
      await expectCode(audit.get(id), 'VALIDATION_FAILED');
  });
});

describe.each(DATABASE_KINDS)('audit CSV export on %s', (kind) => {
  it('exports the filtered trail oldest first, quoted and safe for spreadsheets, and records the export', async () => {
    const { audit } = await open(kind);
    const admin = testActor({ username: 'admin' });
    await audit.record({
      actor: null,
      actorName: '=HYPERLINK("http://evil","click")',
      action: 'auth.login.failed',
      outcome: 'failure',
      ip: '10.9.9.9',
      details: { note: 'said "hi", then left' },
    });
    await audit.record({ actor: admin, action: 'user.locked', target: 'user:3', outcome: 'success' });
    await audit.record({ actor: null, actorName: '+cmd', action: 'auth.login.failed', outcome: 'failure' });

    const csv = await readAll(await audit.exportCsv(admin, { filter: '{"outcome":"failure"}' }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,at,actorId,actorName,action,target,outcome,ip,details,prevHash,hash');
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
    expect(lines[1]).toMatch(
      /^1,2\d{3}-[\d-]+T[\d:.]+Z,,"'=HYPERLINK\(""http:\/\/evil"",""click""\)",auth\.login\.failed,,failure,10\.9\.9\.9,"\{""note"":""said \\""hi\\"", then left""\}",0{64},[0-9a-f]{64}$/,
    );
    expect(lines[2]).toMatch(/^3,[^,]+,,'\+cmd,auth\.login\.failed,/);
    expect(lines[3]).toBe('');

    const exported = (await listed(audit, { filter: '{"action":"audit.exported"}' })).rows;
    expect(exported).toMatchObject([
      { id: 4, actorName: 'admin', outcome: 'success', details: { filter: { outcome: 'failure' } } },
    ]);
  });

  it('streams a trail longer than a page, and the export excludes entries appended after it began', async () => {
    const { audit, dataSource } = await open(kind);
    await seedAuditChain(dataSource, 1234);
    const lines = await audit.exportCsv(testActor(), {});
    await audit.record({ actor: null, action: 'test.later', outcome: 'success' });
    const rows = (await readAll(lines)).split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(1234);
    expect(rows.map((row) => Number(row.split(',')[0]))).toEqual(
      Array.from({ length: 1234 }, (_, i) => i + 1),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 1236 });
  });

  it('refuses a bad filter before writing anything', async () => {
    const { audit } = await open(kind);
    await expectCode(audit.exportCsv(testActor(), { filter: '{"ip":""}' }), 'VALIDATION_FAILED');
    expect((await listed(audit, {})).total).toBe(0);
  });
});
