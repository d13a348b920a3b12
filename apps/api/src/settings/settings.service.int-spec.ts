import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuditEntryRow } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import type { ListRequest } from '../common/ra-list.js';
import { testActor } from '../../test/audit-factory.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { defineSetting } from './setting-definition.js';
import { SettingRecord } from './setting.entity.js';
import { SettingsService } from './settings.service.js';

const WIDGET = defineSetting(
  'test.widget',
  z.object({ size: z.number().int().min(1), label: z.string() }),
  { size: 3, label: 'small' },
  'A widget used only by these tests.',
);
const GREETING = defineSetting('test.greeting', z.string().max(20), 'hello', 'Another test setting.');

function listRequest(overrides: Partial<ListRequest> = {}): ListRequest {
  return { sort: { field: 'key', order: 'ASC' }, skip: 0, take: 25, filter: { q: 'test.' }, ...overrides };
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(DATABASE_KINDS)('settings on %s', (kind) => {
  let db: TestDatabase;
  let settings: SettingsService;
  const newService = () => new SettingsService(db.dataSource, new AuditService(db.dataSource));

  beforeEach(async () => {
    db = await openTestDatabase(kind);
    settings = newService();
  });
  afterEach(() => db.close());

  it('answers the default until a value is set', async () => {
    expect(await settings.get(WIDGET)).toEqual({ size: 3, label: 'small' });
    expect(await db.dataSource.getRepository(SettingRecord).count()).toBe(0);
  });

  it('stores a valid value, serves it at once and keeps it across restarts, with an audit entry', async () => {
    const actor = testActor();
    await settings.set(WIDGET, { size: 7, label: 'big' }, actor);
    expect(await settings.get(WIDGET)).toEqual({ size: 7, label: 'big' });
    expect(await newService().get(WIDGET)).toEqual({ size: 7, label: 'big' });
    expect(await settings.get(GREETING)).toBe('hello');

    const record = await db.dataSource.getRepository(SettingRecord).findOneByOrFail({ key: 'test.widget' });
    expect(record.updatedBy).toBe(actor.userId);
    const entry = await db.dataSource
      .getRepository(AuditEntryRow)
      .findOneByOrFail({ action: 'settings.updated' });
    expect(entry).toMatchObject({ actorId: actor.userId, target: 'setting:test.widget', outcome: 'success' });
    expect(JSON.parse(entry.details)).toEqual({ key: 'test.widget' });
  });

  it('refuses an invalid value with every bad field and keeps the old one', async () => {
    await settings.set(WIDGET, { size: 5, label: 'mid' }, testActor());
    const error = await caught(settings.set(WIDGET, { size: 0, label: 42 }, testActor()));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({
      fields: [
        { path: 'value.size', message: expect.any(String) },
        { path: 'value.label', message: expect.any(String) },
      ],
    });
    expect(await settings.get(WIDGET)).toEqual({ size: 5, label: 'mid' });
    expect(await db.dataSource.getRepository(AuditEntryRow).count()).toBe(1);
  });

  it('falls back to the default when a stored value no longer matches the schema', async () => {
    await db.dataSource
      .getRepository(SettingRecord)
      .insert({ key: 'test.widget', value: '{"size":"huge"}', updatedAt: new Date(), updatedBy: null });
    await db.dataSource
      .getRepository(SettingRecord)
      .insert({ key: 'test.greeting', value: 'not json', updatedAt: new Date(), updatedBy: null });
    expect(await settings.get(WIDGET)).toEqual({ size: 3, label: 'small' });
    expect(await settings.get(GREETING)).toBe('hello');
  });

  it('answers NOT_FOUND for an unknown key', async () => {
    expect((await caught(settings.describe('test.nothing'))).code).toBe('NOT_FOUND');
    expect((await caught(settings.update('test.nothing', 1, testActor()))).code).toBe('NOT_FOUND');
  });

  it('lists the declared settings as the admin resource, sorted, filtered and paged', async () => {
    await settings.update('test.greeting', 'hi there', testActor());
    const { rows, total } = await settings.list(listRequest());
    expect(total).toBe(2);
    expect(rows.map((row) => row.key)).toEqual(['test.greeting', 'test.widget']);
    expect(rows[0]).toMatchObject({ id: 'test.greeting', value: 'hi there', default: 'hello' });
    expect(rows[0]!.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(rows[1]).toMatchObject({ value: { size: 3, label: 'small' }, updatedAt: null });

    const page = await settings.list(listRequest({ sort: { field: 'key', order: 'DESC' }, take: 1 }));
    expect(page).toMatchObject({ total: 2, rows: [{ key: 'test.widget' }] });
    const many = await settings.list(listRequest({ filter: { id: ['test.widget'] } }));
    expect(many.rows.map((row) => row.key)).toEqual(['test.widget']);
    expect((await caught(settings.list(listRequest({ filter: { q: 7 } })))).code).toBe('VALIDATION_FAILED');
  });

  it('describes one setting and updates it through its key', async () => {
    expect(await settings.describe('test.widget')).toMatchObject({ key: 'test.widget', value: { size: 3 } });
    const row = await settings.update('test.widget', { size: 9, label: 'x' }, testActor());
    expect(row).toMatchObject({ key: 'test.widget', value: { size: 9, label: 'x' } });
  });
});

describe('setting definitions', () => {
  it('refuses a duplicate key, a badly formed key and a default the schema refuses', () => {
    expect(() => defineSetting('test.widget', z.number(), 1, '')).toThrow(/defined twice/);
    expect(() => defineSetting('Bad Key', z.number(), 1, '')).toThrow(/dotted/);
    expect(() => defineSetting('test.bad', z.number().min(5), 1, '')).toThrow(/default/);
  });
});
