import type { AiStatus } from '@atrio/protocol';
import { describe, expect, it } from 'vitest';
import { aiFindings, isLoopbackHost, LOW_MEMORY_BYTES } from './ai-findings.js';

const GIB = 1024 ** 3;
const healthy: AiStatus = {
  host: 'http://127.0.0.1:11434',
  model: 'llama3.2:1b',
  reachable: true,
  version: '0.12.3',
  modelPresent: true,
  contextLength: 131_072,
  loaded: [],
  queue: { queued: 0, running: 0, max: 20 },
  recentFailures: {},
};
const figures = (status: Partial<AiStatus>, freeBytes = 8 * GIB, ollamaLocal = true) => ({
  status: { ...healthy, ...status },
  ollamaLocal,
  serverMemory: { freeBytes, totalBytes: 16 * GIB },
});
const codes = (status: Partial<AiStatus>, freeBytes?: number, local?: boolean) =>
  aiFindings(figures(status, freeBytes, local)).map((f) => `${f.severity}:${f.code}`);

describe('the likely causes of "AI not answering"', () => {
  it('says all is well when Ollama answers with the model and nothing failed', () => {
    expect(codes({})).toEqual(['ok:ai_ok']);
    const loaded = [
      { name: 'llama3.2:1b', sizeBytes: GIB, vramBytes: GIB, expiresAt: '2026-12-07T00:00:00Z' },
    ];
    expect(aiFindings(figures({ loaded }))).toEqual([
      { severity: 'ok', code: 'ai_ok_loaded', params: { model: 'llama3.2:1b', version: '0.12.3' } },
    ]);
  });

  it('names Ollama down here, or at another machine, and nothing else', () => {
    const down = { reachable: false, version: null, modelPresent: false, error: 'fetch failed' };
    expect(aiFindings(figures(down))).toEqual([
      {
        severity: 'problem',
        code: 'ai_down_local',
        params: { host: 'http://127.0.0.1:11434', error: 'fetch failed' },
      },
    ]);
    expect(codes({ ...down, host: 'http://10.0.0.5:11434' }, undefined, false)).toEqual([
      'problem:ai_down_remote',
    ]);
  });

  it('names the model not pulled', () => {
    expect(aiFindings(figures({ modelPresent: false, contextLength: null }))[0]).toEqual({
      severity: 'problem',
      code: 'ai_model_missing',
      params: { model: 'llama3.2:1b', host: 'http://127.0.0.1:11434' },
    });
  });

  it('calls HTTP errors out of memory when this machine, running Ollama, has little free', () => {
    const failures = { recentFailures: { AI_HTTP_ERROR: 3 } };
    expect(codes(failures, LOW_MEMORY_BYTES - 1)).toEqual(['problem:ai_out_of_memory']);
    expect(codes(failures, 8 * GIB)).toEqual(['warning:ai_http_errors']);
    // Ollama elsewhere: this machine's memory says nothing about it.
    expect(codes(failures, 1, false)).toEqual(['warning:ai_http_errors']);
    expect(codes({}, LOW_MEMORY_BYTES - 1)).toEqual(['warning:ai_memory_low']);
  });

  it('tells timeouts on a CPU-only model from other timeouts, and counts unusable answers', () => {
    const onCpu = [{ name: 'llama3.2:1b', sizeBytes: GIB, vramBytes: 0, expiresAt: '2026-12-07T00:00:00Z' }];
    expect(codes({ recentFailures: { AI_TIMEOUT: 2 }, loaded: onCpu })).toEqual(['warning:ai_timeouts_cpu']);
    expect(codes({ recentFailures: { AI_TIMEOUT: 2 } })).toEqual(['warning:ai_timeouts']);
    const bad = aiFindings(figures({ recentFailures: { AI_BAD_OUTPUT: 1, AI_EMPTY_OUTPUT: 2 } }));
    expect(bad).toEqual([
      { severity: 'warning', code: 'ai_bad_output', params: { count: 3, model: 'llama3.2:1b' } },
    ]);
  });

  it('notes past outages that are over, a full queue and a small context', () => {
    expect(codes({ recentFailures: { AI_UNREACHABLE: 4 }, contextLength: 4096 })).toEqual([
      'ok:ai_ok',
      'info:ai_was_unreachable',
      'info:ai_small_context',
    ]);
    expect(codes({ queue: { queued: 20, running: 1, max: 20 } })).toEqual(['warning:ai_queue_full']);
  });

  it('knows which Ollama addresses are this machine', () => {
    expect(isLoopbackHost('http://127.0.0.1:11434')).toBe(true);
    expect(isLoopbackHost('http://localhost:11434')).toBe(true);
    expect(isLoopbackHost('http://[::1]:11434')).toBe(true);
    expect(isLoopbackHost('http://ollama.lan:11434')).toBe(false);
    expect(isLoopbackHost('not a url')).toBe(false);
  });
});
