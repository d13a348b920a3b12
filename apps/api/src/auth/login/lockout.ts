export interface LockoutPolicy {
  maxFailedAttempts: number;
  lockMinutes: number;
  maxLockMinutes: number;
}

export interface LockState {
  failedLogins: number;
  lockCount: number;
  lockedUntil: Date | null;
}

export const UNLOCKED: LockState = { failedLogins: 0, lockCount: 0, lockedUntil: null };

export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

export function retryAfterSeconds(state: LockState, now: Date): number {
  return state.lockedUntil === null
    ? 0
    : Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

/**
 * One more failed attempt. The Nth failure locks the account; each lock since the last good login
 * lasts twice as long as the one before (15, 30, 60 … minutes), up to the maximum.
 */
export function afterFailure(
  state: LockState,
  policy: LockoutPolicy,
  now: Date,
): LockState & { lockedNow: boolean } {
  const previousLockOver = state.lockedUntil !== null && !isLocked(state, now);
  const failedLogins = (previousLockOver ? 0 : state.failedLogins) + 1;
  if (failedLogins < policy.maxFailedAttempts) {
    return {
      failedLogins,
      lockCount: state.lockCount,
      lockedUntil: previousLockOver ? null : state.lockedUntil,
      lockedNow: false,
    };
  }
  const lockCount = state.lockCount + 1;
  const minutes = Math.min(policy.lockMinutes * 2 ** (lockCount - 1), policy.maxLockMinutes);
  return {
    failedLogins,
    lockCount,
    lockedUntil: new Date(now.getTime() + minutes * 60_000),
    lockedNow: true,
  };
}
