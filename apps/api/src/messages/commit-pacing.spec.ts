import { describe, expect, it } from 'vitest';
import { CommitPacing } from './commit-pacing.js';

describe('CommitPacing', () => {
  it('lets the first batches of a quiet server go at once', () => {
    const pacing = new CommitPacing(4);
    for (const t of [0, 0.5, 1]) {
      expect(pacing.waitMs(t)).toBe(0);
      pacing.started(t);
    }
  });

  it('spaces batches once they follow each other closely', () => {
    const pacing = new CommitPacing(4);
    for (const t of [0, 1, 2, 3]) pacing.started(t);
    // The last batch started at 3: the next waits until 7.
    expect(pacing.waitMs(3.5)).toBe(4);
    expect(pacing.waitMs(6.2)).toBe(1);
    expect(pacing.waitMs(7)).toBe(0);
  });

  it('stays paced in a steady stream, whose batches are then exactly one spacing apart', () => {
    const pacing = new CommitPacing(4);
    let now = 0;
    for (let i = 0; i < 4; i++) pacing.started((now += 1));
    for (let i = 0; i < 20; i++) {
      now += 1; // a message arrives
      now += pacing.waitMs(now);
      pacing.started(now);
    }
    // Twenty batches, each 4 ms after the one before: 250 a second at most.
    expect(now).toBeCloseTo(4 + 20 * 4, 5);
  });

  it('stops waiting after a pause: a lone message is committed at once', () => {
    const pacing = new CommitPacing(4);
    for (const t of [0, 1, 2, 3]) pacing.started(t);
    expect(pacing.waitMs(3.1)).toBeGreaterThan(0);
    expect(pacing.waitMs(40)).toBe(0); // the four recent batches are older than 32 ms
  });

  it('never waits with a spacing of 0', () => {
    const pacing = new CommitPacing(0);
    for (const t of [0, 0.1, 0.2, 0.3, 0.4]) pacing.started(t);
    expect(pacing.waitMs(0.5)).toBe(0);
  });
});
