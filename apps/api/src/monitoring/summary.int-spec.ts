import { monitoringSummarySchema, type MonitoringSummary } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import { adminToken, api, login, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { MonitoringSampler } from './monitoring-sampler.service.js';

let t: TestServer;
let admin: string;
let member: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  member = await newUser(t);
});
afterAll(() => t.close());

async function summary(): Promise<MonitoringSummary> {
  const response = await api(t, admin, 'GET', '/api/admin/monitoring/summary');
  expect(response.status, response.text).toBe(200);
  return monitoringSummarySchema.parse(response.json());
}

describe('GET /api/admin/monitoring/summary', () => {
  it('needs monitoring.read', async () => {
    expect((await t.request('/api/admin/monitoring/summary')).status).toBe(401);
    const response = await api(t, member.token, 'GET', '/api/admin/monitoring/summary');
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('answers current values and gains one bucket per sample, stamped by the clock', async () => {
    const first = await summary();
    expect(first.now.memoryRss).toBeGreaterThan(0);
    expect(first.now.heapUsed).toBeGreaterThan(0);
    expect((await login(t, member.username, 'not the password')).status).toBe(401);
    expect((await summary()).now.loginFailuresLastHour).toBe(first.now.loginFailuresLastHour + 1);

    const clock = t.server.app.get(Clock);
    clock.advance(60_000);
    const expectedAt = clock.now().getTime();
    t.server.app.get(MonitoringSampler).sample();
    const second = await summary();
    expect(second.history).toHaveLength(first.history.length + 1);
    const bucket = second.history.at(-1)!;
    expect(Math.abs(Date.parse(bucket.at) - expectedAt)).toBeLessThan(5_000);
    expect(bucket.loginFailures).toBeGreaterThanOrEqual(1);
    expect(bucket.rssBytes).toBeGreaterThan(0);
    expect(bucket.httpP95Ms).not.toBeNull();
    // The failure now lives in the bucket, not in the open window: counted once.
    expect(second.now.loginFailuresLastHour).toBe(first.now.loginFailuresLastHour + 1);

    t.server.app.get(MonitoringSampler).sample();
    const third = await summary();
    expect(third.history).toHaveLength(first.history.length + 2);
    expect(third.history.at(-1)!.loginFailures).toBe(0);
  });
});
