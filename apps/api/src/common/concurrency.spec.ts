import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { BoundedConcurrency, KeyedSerializer } from './concurrency.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('BoundedConcurrency', () => {
  it('runs at most `limit` tasks at once and queues the rest', async () => {
    const gate = new BoundedConcurrency(2, 10);
    let active = 0;
    let peak = 0;
    const blockers = [deferred(), deferred(), deferred(), deferred()];
    const runs = blockers.map((blocker) =>
      gate.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await blocker.promise;
        active--;
      }),
    );
    await Promise.resolve();
    blockers.forEach((b) => b.resolve());
    await Promise.all(runs);
    expect(peak).toBe(2);
  });

  it('refuses with UNAVAILABLE when the queue is full', async () => {
    const gate = new BoundedConcurrency(1, 1);
    const blocker = deferred();
    const first = gate.run(() => blocker.promise);
    const second = gate.run(() => Promise.resolve());
    await expect(gate.run(() => Promise.resolve())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(gate.run(() => Promise.resolve())).rejects.toBeInstanceOf(AppError);
    blocker.resolve();
    await Promise.all([first, second]);
  });
});

describe('KeyedSerializer', () => {
  it('runs tasks of one key in order, other keys in parallel', async () => {
    const serializer = new KeyedSerializer();
    const events: string[] = [];
    const slow = deferred();
    const a1 = serializer.run('a', async () => {
      events.push('a1 start');
      await slow.promise;
      events.push('a1 end');
    });
    const a2 = serializer.run('a', async () => {
      events.push('a2');
    });
    const b = serializer.run('b', async () => {
      events.push('b');
    });
    await b;
    slow.resolve();
    await Promise.all([a1, a2]);
    expect(events).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('keeps going after a failed task', async () => {
    const serializer = new KeyedSerializer();
    await expect(serializer.run('k', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(serializer.run('k', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
