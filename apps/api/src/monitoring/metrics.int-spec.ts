import type { BackupManifest, BackupStatus } from '@atrio/protocol';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, emit, send } from '../../test/chat-client.js';
import { adminToken, api, login, newUser, type TestUser, newRoom } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { MonitoringMetrics } from './monitoring-metrics.service.js';

let t: TestServer;
let admin: string;
let member: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
  member = await newUser(t);
});
afterAll(() => t.close());

// Prometheus reads values with Go's ParseFloat, which takes NaN in any case (prom-client writes "Nan").
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (-?[0-9.eE+-]+|[Nn][Aa][Nn]|\+Inf|-Inf)$/;
const HELP = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/;
const TYPE = /^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$/;

/** Fails with the first line that is not Prometheus text format; returns name{labels} → value. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      expect(HELP.test(line) || TYPE.test(line), `comment line: ${line}`).toBe(true);
      continue;
    }
    expect(line, 'sample line').toMatch(SAMPLE);
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

async function scrape(token = admin): Promise<Map<string, number>> {
  const response = await t.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, response.text).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(response.text);
}

const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

describe('GET /metrics access', () => {
  it('refuses a caller without credentials with the contract error body', async () => {
    const response = await t.request('/metrics');
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it('refuses an unknown bearer token with 401', async () => {
    const response = await t.request('/metrics', { headers: { authorization: 'Bearer not-a-token' } });
    expect(response.status).toBe(401);
  });

  it('refuses a signed-in member without monitoring.read with 403', async () => {
    const response = await api(t, member.token, 'GET', '/metrics');
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('is not served under /api', async () => {
    expect((await api(t, admin, 'GET', '/api/metrics')).status).toBe(404);
  });

  it('accepts the scrape token once set, and refuses a wrong one', async () => {
    const token = 'scrape-' + 'x'.repeat(40);
    const tooShort = await api(t, admin, 'PUT', '/api/admin/settings/monitoring.scrapeToken', {
      value: 'short',
    });
    expect(tooShort.status).toBe(400);
    expect((await t.request('/metrics', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const set = await api(t, admin, 'PUT', '/api/admin/settings/monitoring.scrapeToken', { value: token });
    expect(set.status, set.text).toBe(200);
    expect(value(await scrape(token), 'atrio_process_resident_memory_bytes')).toBeGreaterThan(0);
    const wrong = await t.request('/metrics', { headers: { authorization: `Bearer ${token}y` } });
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });
});

describe('GET /metrics content', () => {
  it('counts messages, socket events, sockets and refused handshakes', async () => {
    const room = await newRoom(t, { token: admin });
    const socket = await connectAs(t, admin);
    try {
      const before = await scrape(); // after creating the room: that may post a notice of its own
      await send(socket, room.id, 'counted');
      expect((await emit(socket, 'room:join', { roomId: 999_999 })).ok).toBe(false);
      await expect(connectAs(t, 'not-a-token')).rejects.toThrow('UNAUTHORIZED');
      const after = await scrape();
      expect(value(after, 'atrio_messages_total')).toBe(value(before, 'atrio_messages_total') + 1);
      expect(value(after, 'atrio_socket_connections')).toBeGreaterThanOrEqual(1);
      expect(value(after, 'atrio_socket_connection_errors_total{reason="UNAUTHORIZED"}')).toBe(1);
      expect(
        value(after, 'atrio_socket_event_duration_seconds_count{event="message:send",outcome="ok"}'),
      ).toBeGreaterThanOrEqual(1);
      expect(
        value(after, 'atrio_socket_event_duration_seconds_count{event="room:join",outcome="NOT_FOUND"}'),
      ).toBe(1);
    } finally {
      socket.close();
    }
  });

  it('counts failed logins', async () => {
    const before = value(await scrape(), 'atrio_login_failures_total');
    expect((await login(t, member.username, 'wrong password')).status).toBe(401);
    expect(value(await scrape(), 'atrio_login_failures_total')).toBe(before + 1);
  });

  it('labels HTTP durations with route patterns, never ids', async () => {
    expect((await t.request('/api/health')).status).toBe(200);
    expect((await api(t, admin, 'GET', `/api/admin/users/${member.id}`)).status).toBe(200);
    expect((await t.request('/no/such/page/12345')).status).toBeGreaterThanOrEqual(200);
    const samples = await scrape();
    const buckets = [...samples.keys()].filter((k) =>
      k.startsWith('atrio_http_request_duration_seconds_bucket'),
    );
    expect(buckets.some((k) => k.includes('route="/api/health"') && k.includes('status="200"'))).toBe(true);
    expect(buckets.some((k) => k.includes('route="/api/admin/users/:id"'))).toBe(true);
    const routes = new Set(buckets.map((k) => /route="([^"]*)"/.exec(k)?.[1]));
    for (const route of routes) expect(route).not.toMatch(/\/\d+(\/|$)/);
  });

  it('reports the process, the newest good backup and the AI job histogram', async () => {
    let samples = await scrape();
    expect(value(samples, 'atrio_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(samples.has('atrio_nodejs_eventloop_lag_seconds')).toBe(true);
    expect(samples.has('atrio_backup_age_seconds')).toBe(false);
    const dir = join(t.config.dataDir, 'backups');
    mkdirSync(dir, { recursive: true });
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    const manifest = (id: string, status: BackupStatus, createdAt: string): BackupManifest => ({
      id,
      createdAt,
      sizeBytes: 1,
      compressedBytes: 1,
      sha256: '0'.repeat(64),
      schemaVersion: 'test',
      appVersion: 'test',
      databaseKind: 'sqlite',
      status,
      verifiedAt: null,
      verifyDetails: null,
      trigger: 'manual',
    });
    for (const m of [
      manifest('20261129-101500-ab12', 'verified', dayAgo),
      manifest('20261129-111500-cd34', 'ok', hourAgo),
      manifest('20261129-121500-ef56', 'failed', new Date().toISOString()),
    ]) {
      writeFileSync(join(dir, `${m.id}.json`), JSON.stringify(m));
    }
    samples = await scrape();
    const age = samples.get('atrio_backup_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(3599);
    expect(age).toBeLessThan(3700);
    t.server.app.get(MonitoringMetrics).recordAiJob('summary', 'done', 3.2);
    samples = await scrape();
    expect(value(samples, 'atrio_ai_job_duration_seconds_count{kind="summary",outcome="done"}')).toBe(1);
  });
});
