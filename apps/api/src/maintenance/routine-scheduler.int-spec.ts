import type { RoutineAlert, RoutineRun } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupService } from '../backup/backup.service.js';
import { Clock } from '../common/clock.js';
import { adminToken, api } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { alertGauge, item, PERMISSIVE_THRESHOLDS, setSetting } from '../../test/routines.js';
import { RoutineScheduler } from './routine-scheduler.service.js';

const HOUR = 3_600_000;
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  const admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
  // The daily slot one hour from now; the weekly and monthly days lie outside the days the test reaches.
  const now = t.server.app.get(Clock).now();
  const inAnHour = new Date(now.getTime() + HOUR);
  const nextDays = [1, 2, 3].map((n) => new Date(now.getTime() + n * 24 * HOUR).getDate());
  const pad = (n: number) => String(n).padStart(2, '0');
  await setSetting(t, admin, 'maintenance.schedule', {
    dailyTime: `${pad(inAnHour.getHours())}:${pad(inAnHour.getMinutes())}`,
    weeklyDay: (now.getDay() + 3) % 7,
    monthlyDay: [1, 2, 3, 4, 5].find((d) => d !== now.getDate() && !nextDays.includes(d))!,
  });
});
afterAll(() => t.close());

describe('the routine scheduler', () => {
  it('runs the daily routine on its own once its time comes, stores it, and raises then clears the alert', async () => {
    const scheduler = t.server.app.get(RoutineScheduler);
    expect(await scheduler.tick()).toEqual([]);

    t.server.app.get(Clock).advance(2 * HOUR);
    const [run, ...others] = await scheduler.tick();
    expect(others).toEqual([]);
    expect(run).toMatchObject({ kind: 'daily', trigger: 'scheduled', startedBy: null, startedByName: null });
    // No backup was ever taken on this server: the backup check fails, which is an alert.
    expect(item(run!, 'backup.last').status).toBe('failed');
    expect(await scheduler.tick()).toEqual([]);

    const admin = await adminToken(t);
    const stored = await api(t, admin, 'GET', `/api/admin/routines/runs/${run!.id}`);
    expect(stored.json<RoutineRun>()).toEqual(run);
    const alerts = (await api(t, admin, 'GET', '/api/admin/routines/alerts')).json<RoutineAlert[]>();
    expect(alerts).toEqual([expect.objectContaining({ id: run!.id, kind: 'daily' })]);
    expect(await alertGauge(t, admin, 'daily')).toBe(1);

    // The next day's scheduled run passes: the alert ends without anyone acknowledging it.
    t.server.app.get(Clock).advance(24 * HOUR);
    await t.server.app.get(BackupService).create(null, 'manual');
    const [next] = await scheduler.tick();
    expect(next).toMatchObject({ kind: 'daily', trigger: 'scheduled' });
    expect(next!.checksStatus, JSON.stringify(next!.items)).not.toBe('failed');
    const token = await adminToken(t);
    expect((await api(t, token, 'GET', '/api/admin/routines/alerts')).json()).toEqual([]);
    expect(await alertGauge(t, token, 'daily')).toBe(0);
  });
});
