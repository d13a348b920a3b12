import type {
  BackupManifest,
  RoutineAlert,
  RoutineDefinition,
  RoutineKind,
  RoutineRun,
} from '@atrio/protocol';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { alertGauge, item, PERMISSIVE_THRESHOLDS, runRoutine, setSetting } from '../../test/routines.js';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
});
afterAll(() => t.close());

async function alerts(): Promise<RoutineAlert[]> {
  const response = await api(t, admin, 'GET', '/api/admin/routines/alerts');
  expect(response.status, response.text).toBe(200);
  expect(response.headers['content-range']).toMatch(/^alerts \d+-\d+\/\d+$/);
  return response.json<RoutineAlert[]>();
}

async function createBackup(): Promise<BackupManifest> {
  const response = await api(t, admin, 'POST', '/api/admin/backups');
  expect(response.status, response.text).toBe(201);
  return response.json<BackupManifest>();
}

describe('routine definitions', () => {
  it('mirror the manual: daily, weekly and monthly, each step with a stable id and both languages', async () => {
    const response = await api(t, admin, 'GET', '/api/admin/routines/definitions');
    expect(response.status).toBe(200);
    expect(response.headers['content-range']).toBe('definitions 0-2/3');
    const [daily, weekly, monthly] = response.json<RoutineDefinition[]>();
    expect(daily!.items.map((i) => i.id)).toEqual([
      'server.status',
      'logs.errors',
      'backup.last',
      'resources.headroom',
      'logs.cleanup',
      'certificate.validity',
      'ai.status',
    ]);
    expect(weekly!.items.map((i) => i.id)).toEqual([
      'database.optimize',
      'database.integrity',
      'dependencies.advisories',
      'usage.statistics',
    ]);
    expect(monthly!.items.map((i) => [i.id, i.type])).toEqual([
      ['certificate.renewal', 'check'],
      ['usage.statistics', 'check'],
      ['security.policy_review', 'manual'],
      ['improvement.planning', 'manual'],
    ]);
    expect(daily!.items[1]!.title).toEqual({ en: 'Error logs', es: 'Revisar logs de errores' });
  });
});

describe('the daily routine', () => {
  it('fails without a backup and raises the alert; a later passing run clears it', async () => {
    const failed = await runRoutine(t, admin, 'daily');
    expect(failed).toMatchObject({
      kind: 'daily',
      trigger: 'manual',
      status: 'failed',
      checksStatus: 'failed',
    });
    expect(failed.startedByName).toBe('admin');
    expect(item(failed, 'backup.last')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/No backup/),
      messageText: { en: item(failed, 'backup.last').message, es: expect.stringMatching(/ningún backup/) },
    });
    expect(item(failed, 'server.status')).toMatchObject({
      status: 'ok',
      figures: { databaseReachable: true },
    });
    expect(item(failed, 'resources.headroom').status).toBe('ok');
    expect(item(failed, 'certificate.validity')).toMatchObject({
      status: 'ok',
      figures: { keyMatches: true },
    });
    expect((await alerts()).find((a) => a.kind === 'daily')).toMatchObject({
      id: failed.id,
      failedItems: [
        {
          itemId: 'backup.last',
          title: { es: 'Confirmar backups exitosos' },
          messageText: { en: expect.stringMatching(/No backup/), es: expect.stringMatching(/ningún backup/) },
        },
      ],
    });
    expect(await alertGauge(t, admin, 'daily')).toBe(1);

    await createBackup();
    const passed = await runRoutine(t, admin, 'daily');
    expect(passed.checksStatus, JSON.stringify(passed.items)).not.toBe('failed');
    expect(item(passed, 'backup.last')).toMatchObject({ status: 'ok', figures: { verified: true } });
    expect((await alerts()).some((a) => a.kind === 'daily')).toBe(false);
    expect(await alertGauge(t, admin, 'daily')).toBe(0);
    expect((await api(t, admin, 'GET', `/api/admin/routines/runs/${failed.id}`)).json()).toMatchObject({
      status: 'failed',
    });
  });

  it('fails the backup check when the newest backup is corrupted; an acknowledgement ends the alert', async () => {
    const backup = await createBackup();
    const file = join(t.config.dataDir, 'backups', `${backup.id}.db.gz`);
    const bytes = readFileSync(file);
    for (let i = 50; i < 60; i++) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(file, bytes);

    const run = await runRoutine(t, admin, 'daily');
    expect(item(run, 'backup.last')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/does not pass verification: checksum mismatch/),
      messageText: { es: expect.stringMatching(/no supera la verificación: checksum mismatch/) },
    });
    expect((await alerts()).map((a) => a.id)).toContain(run.id);

    const acknowledged = await api(t, admin, 'POST', `/api/admin/routines/alerts/${run.id}/acknowledge`, {
      comment: 'restoring from the previous backup',
    });
    expect(acknowledged.status, acknowledged.text).toBe(200);
    expect(acknowledged.json()).toMatchObject({
      acknowledgedByName: 'admin',
      acknowledgeComment: 'restoring from the previous backup',
    });
    expect((await alerts()).some((a) => a.kind === 'daily')).toBe(false);
    expect(await alertGauge(t, admin, 'daily')).toBe(0);

    const again = await api(t, admin, 'POST', `/api/admin/routines/alerts/${run.id}/acknowledge`, {});
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringMatching(/acknowledged/) },
    });
    const audit = await api(
      t,
      admin,
      'GET',
      `/api/admin/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'routine.alert_acknowledged' }))}`,
    );
    expect(audit.json<Array<{ target: string }>>().map((e) => e.target)).toContain(`routine_run:${run.id}`);
  });

  it('refuses to acknowledge an unknown run, a malformed id, or a run that is not an alert', async () => {
    const unknown = await api(t, admin, 'POST', '/api/admin/routines/alerts/999999/acknowledge', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const malformed = await api(t, admin, 'POST', '/api/admin/routines/alerts/abc/acknowledge', {});
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const monthly = await runRoutine(t, admin, 'monthly');
    expect(monthly.checksStatus).not.toBe('failed');
    const notAlert = await api(t, admin, 'POST', `/api/admin/routines/alerts/${monthly.id}/acknowledge`, {});
    expect(notAlert.status).toBe(409);
    expect(notAlert.json()).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringMatching(/none of its checks failed/) },
    });
  });
});

describe('check results', () => {
  it.each<RoutineKind>(['daily', 'weekly', 'monthly'])(
    'of the %s routine come in English and Spanish; manual items have none',
    async (kind) => {
      const run = await runRoutine(t, admin, kind);
      const checks = run.items.filter((i) => i.type === 'check');
      expect(checks.length).toBeGreaterThan(0);
      for (const check of checks) {
        const text = check.messageText;
        expect(text, check.itemId).not.toBeNull();
        expect(text!.en, check.itemId).toBe(check.message);
        expect(text!.en.trim(), check.itemId).not.toBe('');
        expect(text!.es.trim(), check.itemId).not.toBe('');
        expect(text!.es, `${check.itemId} has no Spanish of its own`).not.toBe(text!.en);
      }
      for (const manual of run.items.filter((i) => i.type === 'manual')) {
        expect(manual).toMatchObject({ message: null, messageText: null });
      }
      // The list answers the same items as the run itself.
      const listed = await api(
        t,
        admin,
        'GET',
        `/api/admin/routines/runs?filter=${encodeURIComponent(JSON.stringify({ id: run.id }))}`,
      );
      expect(listed.json<Array<{ items: unknown }>>()[0]!.items).toEqual(run.items);
    },
  );

  it('stored before checks spoke Spanish have no messageText: clients fall back to message', async () => {
    const run = await runRoutine(t, admin, 'weekly');
    await t.server.app
      .get(DataSource)
      .query(`UPDATE routine_run_items SET message_es = NULL WHERE run_id = ${run.id}`);
    const again = (await api(t, admin, 'GET', `/api/admin/routines/runs/${run.id}`)).json<RoutineRun>();
    for (const check of again.items) {
      expect(check).toMatchObject({ message: item(run, check.itemId).message, messageText: null });
    }
  });
});
