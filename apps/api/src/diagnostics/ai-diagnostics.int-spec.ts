import type { AiDiagnostics, RoutineAlert, SummaryJob } from '@atrio/protocol';
import { dirname } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectAs, send } from '../../test/chat-client.js';
import { cliEnvFor, runCli } from '../../test/cli-runner.js';
import { eventually } from '../../test/eventually.js';
import { adminToken, api, newRoom, newUser, type TestUser } from '../../test/factories.js';
import { FAKE_MODEL, type FakeOllama, startFakeOllama } from '../../test/fake-ollama.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { item, PERMISSIVE_THRESHOLDS, runRoutine, setSetting } from '../../test/routines.js';

let fake: FakeOllama;
let t: TestServer;
let admin: string;
let alice: TestUser;

beforeAll(async () => {
  fake = await startFakeOllama();
  t = await startTestServer({ OLLAMA_HOST: fake.url, ATRIO_AI_MODEL: FAKE_MODEL });
  admin = await adminToken(t);
  await setSetting(t, admin, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
  alice = await newUser(t);
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

async function diagnose(server = t, token = admin): Promise<AiDiagnostics> {
  const response = await api(server, token, 'GET', '/api/admin/diagnostics/ai');
  expect(response.status, response.text).toBe(200);
  return response.json<AiDiagnostics>();
}
const codes = (d: AiDiagnostics) => d.findings.map((f) => `${f.severity}:${f.code}`);

/** Asks for a summary of a fresh room and waits until it failed; returns its failure code. */
async function failedSummary(): Promise<string | undefined> {
  const room = await newRoom(t, alice);
  const socket = await connectAs(t, alice.token);
  await send(socket, room.id, 'the inventory is due on Friday');
  socket.close();
  const created = await api(t, alice.token, 'POST', `/api/rooms/${room.id}/summaries`, {});
  expect(created.status, created.text).toBe(202);
  const { jobId } = created.json<{ jobId: string }>();
  let job: SummaryJob | undefined;
  await eventually('the summary fails', async () => {
    job = (await api(t, alice.token, 'GET', `/api/summaries/${jobId}`)).json<SummaryJob>();
    return job.status === 'failed';
  });
  return job?.error?.code;
}

describe('AI not answering (manual §9.1): diagnostics and the daily check', () => {
  it('says all is well with Ollama answering and the model pulled; the daily check passes', async () => {
    const d = await diagnose();
    expect(d.status).toMatchObject({
      reachable: true,
      version: '0.12.3',
      modelPresent: true,
      model: FAKE_MODEL,
    });
    expect(d.ollamaLocal).toBe(true);
    expect(d.serverMemory.totalBytes).toBeGreaterThan(0);
    expect(codes(d)).toEqual(['ok:ai_ok_loaded']);
    const run = await runRoutine(t, admin, 'daily');
    expect(item(run, 'ai.status')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining(`${FAKE_MODEL} is loaded`),
      figures: { reachable: true, modelPresent: true, findings: 'ai_ok_loaded' },
    });
  });

  it('names the model not pulled; a warning while nobody asked, a failure with the alert once a summary failed', async () => {
    fake.state.models = [];
    const d = await diagnose();
    expect(d.findings[0]).toEqual({
      severity: 'problem',
      code: 'ai_model_missing',
      params: { model: FAKE_MODEL, host: fake.url },
    });
    const quiet = await runRoutine(t, admin, 'daily');
    expect(item(quiet, 'ai.status')).toMatchObject({
      status: 'warning',
      message: expect.stringContaining(`ollama pull ${FAKE_MODEL}`),
      figures: { reachable: true, modelPresent: false },
    });

    expect(await failedSummary()).toBe('AI_MODEL_MISSING');
    const run = await runRoutine(t, admin, 'daily');
    expect(item(run, 'ai.status')).toMatchObject({ status: 'failed', figures: { failures24h: 1 } });
    const alerts = (await api(t, admin, 'GET', '/api/admin/routines/alerts')).json<RoutineAlert[]>();
    expect(alerts.find((a) => a.id === run.id)?.failedItems.map((i) => i.itemId)).toContain('ai.status');

    // Pulled again: the past failure is only a note, and the check passes.
    fake.state.models = [FAKE_MODEL];
    expect(codes(await diagnose())).toEqual(['ok:ai_ok_loaded', 'info:ai_was_missing']);
    expect(item(await runRoutine(t, admin, 'daily'), 'ai.status').status).toBe('ok');
  });

  it('names the errors Ollama answers (out of memory on its side)', async () => {
    fake.state.mode = 'http-error';
    expect(await failedSummary()).toBe('AI_HTTP_ERROR');
    const d = await diagnose();
    const [first] = d.findings;
    expect(['ai_http_errors', 'ai_out_of_memory']).toContain(first?.code);
    expect(first?.params).toMatchObject({ count: 1 });
    expect(item(await runRoutine(t, admin, 'daily'), 'ai.status')).toMatchObject({
      status: first?.severity === 'problem' ? 'failed' : 'warning',
      message: expect.stringMatching(/failed with an error from Ollama/),
    });
  });

  it('is for monitoring.read holders only', async () => {
    const member = await newUser(t);
    const refused = await api(t, member.token, 'GET', '/api/admin/diagnostics/ai');
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await api(t, '', 'GET', '/api/admin/diagnostics/ai')).status).toBe(401);
    const auditor = await newUser(t, ['auditor']);
    expect((await api(t, auditor.token, 'GET', '/api/admin/diagnostics/ai')).status).toBe(200);
  });

  it('the admin CLI asks Ollama itself', async () => {
    const env = { ...cliEnvFor(t), OLLAMA_HOST: fake.url, ATRIO_AI_MODEL: FAKE_MODEL };
    const cwd = dirname(t.config.dataDir);
    const ok = await runCli(['routine', 'run', 'daily', '--json'], { env, cwd });
    expect(
      ok.json<{ items: Array<{ itemId: string }> }>().items.find((i) => i.itemId === 'ai.status'),
    ).toMatchObject({ status: 'ok', figures: { reachable: true, modelPresent: true } });
    const down = await runCli(['routine', 'run', 'daily', '--json'], {
      env: { ...env, OLLAMA_HOST: 'http://127.0.0.1:9' },
      cwd,
    });
    expect(
      down.json<{ items: Array<{ itemId: string }> }>().items.find((i) => i.itemId === 'ai.status'),
    ).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('Nothing answers at http://127.0.0.1:9'),
    });
  });
});

describe('Ollama down', () => {
  it('names Ollama down on this machine, and the daily check warns', async () => {
    const down = await startTestServer({ OLLAMA_HOST: 'http://127.0.0.1:9', ATRIO_AI_MODEL: FAKE_MODEL });
    try {
      const token = await adminToken(down);
      await setSetting(down, token, 'maintenance.thresholds', PERMISSIVE_THRESHOLDS);
      const d = await diagnose(down, token);
      expect(d.status).toMatchObject({ reachable: false, modelPresent: false });
      expect(d.findings).toEqual([
        {
          severity: 'problem',
          code: 'ai_down_local',
          params: { host: 'http://127.0.0.1:9', error: expect.any(String) },
        },
      ]);
      expect(item(await runRoutine(down, token, 'daily'), 'ai.status')).toMatchObject({
        status: 'warning',
        message: expect.stringContaining('start Ollama on this machine'),
        figures: { reachable: false },
      });
    } finally {
      await down.close();
    }
  }, 60_000);
});
