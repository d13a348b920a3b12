import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, retryAfterSeconds, UNLOCKED, type LockState } from './lockout.js';

const policy = { maxFailedAttempts: 5, lockMinutes: 15, maxLockMinutes: 60 };
const t0 = new Date('2026-01-01T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function fail(state: LockState, times: number, now: Date): LockState & { lockedNow: boolean } {
  let next = { ...state, lockedNow: false };
  for (let i = 0; i < times; i++) next = afterFailure(next, policy, now);
  return next;
}

describe('lockout', () => {
  it('does not lock before the Nth failure', () => {
    const state = fail(UNLOCKED, 4, t0);
    expect(state).toMatchObject({ failedLogins: 4, lockCount: 0, lockedUntil: null, lockedNow: false });
    expect(isLocked(state, t0)).toBe(false);
  });

  it('locks on the Nth failure for the configured time', () => {
    const state = fail(UNLOCKED, 5, t0);
    expect(state.lockedNow).toBe(true);
    expect(state.lockedUntil).toEqual(at(15));
    expect(isLocked(state, at(14))).toBe(true);
    expect(isLocked(state, at(15))).toBe(false);
    expect(retryAfterSeconds(state, at(14))).toBe(60);
  });

  it('doubles the lock each time it repeats, up to the maximum', () => {
    let state: LockState = fail(UNLOCKED, 5, t0); // 15 min
    state = fail(state, 5, at(20)); // second lock: 30 min
    expect(state.lockedUntil).toEqual(at(50));
    state = fail(state, 5, at(60)); // third: 60 min
    expect(state.lockedUntil).toEqual(at(120));
    state = fail(state, 5, at(130)); // fourth: capped at 60
    expect(state.lockedUntil).toEqual(at(190));
    expect(state.lockCount).toBe(4);
  });

  it('starts counting again after a lock has run out', () => {
    const locked = fail(UNLOCKED, 5, t0);
    const next = afterFailure(locked, policy, at(16));
    expect(next).toMatchObject({ failedLogins: 1, lockedUntil: null, lockedNow: false, lockCount: 1 });
  });
});
