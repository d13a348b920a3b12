import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpAdapterHost } from '@nestjs/core';
import { everyMinute } from './minute-ticker.js';

const serving = { httpAdapter: {} } as HttpAdapterHost;

describe('everyMinute', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ticks once a minute, reports a failed tick and keeps ticking, and stops when told', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const stop = everyMinute(
      serving,
      () => (++calls === 2 ? Promise.reject(new Error('disk full')) : Promise.resolve()),
      (error) => errors.push(error),
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(calls).toBe(3);
    expect(errors).toEqual([new Error('disk full')]);
    stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toBe(3);
  });

  it('never ticks in a process without an HTTP server (a CLI command)', async () => {
    let calls = 0;
    everyMinute(
      { httpAdapter: undefined } as unknown as HttpAdapterHost,
      () => Promise.resolve(++calls),
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toBe(0);
  });
});
