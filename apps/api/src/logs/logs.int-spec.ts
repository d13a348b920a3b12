import type { LogEntry } from '@atrio/protocol';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { LOGGER } from '../logging/logger.token.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const logs = (filter: object, range = '[0,49]') =>
  api(t, admin, 'GET', `/api/admin/logs?range=${range}&filter=${encodeURIComponent(JSON.stringify(filter))}`);

describe('GET /api/admin/logs', () => {
  it('finds a server error written by the real logger, newest first, filtered by level and text', async () => {
    const logger = t.server.app.get<symbol, Logger>(LOGGER);
    const marker = `disk on fire ${Date.now()}`;
    logger.warn({ context: 'Test' }, `${marker} (warning first)`);
    logger.error({ context: 'Test', err: { message: 'ENOSPC' } }, marker);

    let rows: LogEntry[] = [];
    await expect
      .poll(async () => {
        rows = (await logs({ level: 'warn', q: marker })).json<LogEntry[]>();
        return rows.length;
      })
      .toBe(2);
    expect(rows.map((r) => [r.level, r.msg])).toEqual([
      ['error', marker],
      ['warn', `${marker} (warning first)`],
    ]);
    expect(rows[0]!.details).toMatchObject({ context: 'Test', err: { message: 'ENOSPC' } });
    expect(rows[0]!.id).toMatch(/\.log:\d+$/);

    const errorsOnly = await logs({ level: 'error', q: marker });
    expect(errorsOnly.json<LogEntry[]>().map((r) => r.msg)).toEqual([marker]);
    expect(errorsOnly.headers['content-range']).toBe('logs 0-0/1');
  });

  it('pages on the server and filters by time', async () => {
    const all = await logs({}, '[0,1]');
    expect(all.status).toBe(200);
    expect(all.json<LogEntry[]>()).toHaveLength(2);
    const total = Number(String(all.headers['content-range']).split('/')[1]);
    expect(total).toBeGreaterThan(2);
    const times = all.json<LogEntry[]>().map((r) => Date.parse(r.at));
    expect(times[0]).toBeGreaterThanOrEqual(times[1]!);
    const future = await logs({ from: '2999-01-01' });
    expect(future.json<LogEntry[]>()).toEqual([]);
  });

  it('answers a bad filter with VALIDATION_FAILED and refuses a member', async () => {
    const bad = await logs({ level: 'loud' });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    const member = await newUser(t);
    const refused = await api(t, member.token, 'GET', '/api/admin/logs');
    expect(refused.status).toBe(403);
  });
});
