import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { everyMinute } from './minute-ticker.js';

describe('everyMinute', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ticks once a minute, reports a failed tick and keeps ticking, and stops when told', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const stop = everyMinute(
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
});
