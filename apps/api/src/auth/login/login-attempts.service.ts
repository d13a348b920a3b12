import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError } from '../../common/app-error.js';
import { AppEvents } from '../../common/app-events.js';
import { Clock } from '../../common/clock.js';
import { SettingsService } from '../../settings/settings.service.js';
import { User } from '../../users/user.entity.js';
import type { RequestOrigin } from '../../common/actor.js';
import { LOCKOUT_SETTINGS, LOGIN_THROTTLE_SETTINGS } from '../auth-settings.js';
import { afterFailure, isLocked, retryAfterSeconds, UNLOCKED, type LockState } from './lockout.js';
import { IpLoginThrottle } from './login-guards.js';
import { UnknownLoginRow } from './unknown-login.entity.js';

export interface Attempt {
  username: string;
  user: User | null;
  state: LockState;
  origin: RequestOrigin;
}

/** Lock-out, per-address throttling and the audit of every login attempt. */
@Injectable()
export class LoginAttemptsService {
  private readonly ipThrottle = new IpLoginThrottle();

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: AppEvents,
  ) {}

  /** Refuses at once (no hashing) when the address is throttled or the account — real or not — is locked. */
  async begin(username: string, origin: RequestOrigin): Promise<Attempt> {
    await this.ipThrottle.assertAllowed(origin.ip, await this.settings.get(LOGIN_THROTTLE_SETTINGS));
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    const state = user ? lockStateOf(user) : await this.unknownLockState(username);
    const attempt = { username, user, state, origin };
    const now = this.clock.now();
    if (isLocked(state, now)) {
      await this.record(attempt, 'auth.login.refused_locked', 'denied');
      throw lockedError(state, now);
    }
    return attempt;
  }

  /** A wrong secret (password, code, answers): counts toward the lock-out, then throws. */
  async failed(attempt: Attempt, reason: string, action = 'auth.login.failed'): Promise<never> {
    const now = this.clock.now();
    const next = afterFailure(attempt.state, await this.settings.get(LOCKOUT_SETTINGS), now);
    const lock = {
      failedLogins: next.failedLogins,
      lockCount: next.lockCount,
      lockedUntil: next.lockedUntil,
    };
    // One durable write either way: an unknown name costs what a real account costs.
    if (attempt.user) await this.dataSource.getRepository(User).update({ id: attempt.user.id }, lock);
    else
      await this.dataSource
        .getRepository(UnknownLoginRow)
        .upsert({ username: attempt.username, ...lock, updatedAt: now }, ['username']);
    await this.ipThrottle.recordFailure(attempt.origin.ip, await this.settings.get(LOGIN_THROTTLE_SETTINGS));
    await this.record(attempt, action, 'failure', { reason, failedLogins: next.failedLogins });
    this.events.emit('auth.login.failed', {
      username: attempt.username,
      ip: attempt.origin.ip,
      locked: next.lockedNow,
    });
    if (!next.lockedNow)
      throw new AppError('INVALID_CREDENTIALS', 'The username or password is not correct.');
    await this.record(attempt, 'user.locked', 'success', { until: next.lockedUntil!.toISOString() });
    this.events.emit('user.locked', {
      userId: attempt.user?.id ?? null,
      username: attempt.username,
      until: next.lockedUntil!,
    });
    throw lockedError(next, now);
  }

  /** A refusal that is not a wrong secret (disabled account, missing code): audited, not counted. */
  async refused(attempt: Attempt, action: string): Promise<void> {
    await this.record(attempt, action, 'denied');
  }

  async succeeded(attempt: Attempt & { user: User }, sessionId: string): Promise<Date> {
    const now = this.clock.now();
    await this.dataSource
      .getRepository(User)
      .update({ id: attempt.user.id }, { ...UNLOCKED, lastLoginAt: now });
    await this.record(attempt, 'auth.login.succeeded', 'success', { sessionId });
    this.events.emit('auth.login.succeeded', { userId: attempt.user.id, ip: attempt.origin.ip });
    return now;
  }

  /** Proved who they are another way (account recovery): the lock and the failure count are cleared. */
  async cleared(
    attempt: Attempt & { user: User },
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.getRepository(User).update({ id: attempt.user.id }, UNLOCKED);
    await this.record(attempt, action, 'success', details);
  }

  /**
   * Forgets unknown names whose last failure is older than the longest possible lock plus a day:
   * what an attacker could learn from their absence is only that the lock ran out, as for anyone.
   */
  async purgeUnknown(): Promise<number> {
    const { maxLockMinutes } = await this.settings.get(LOCKOUT_SETTINGS);
    const before = new Date(this.clock.now().getTime() - (maxLockMinutes + 24 * 60) * 60_000);
    const result = await this.dataSource
      .getRepository(UnknownLoginRow)
      .createQueryBuilder()
      .delete()
      .where('updated_at < :before', { before: before.getTime() })
      .execute();
    return result.affected ?? 0;
  }

  private async unknownLockState(username: string): Promise<LockState> {
    const row = await this.dataSource.getRepository(UnknownLoginRow).findOneBy({ username });
    return row ? lockStateOf(row) : UNLOCKED;
  }

  private async record(
    attempt: Attempt,
    action: string,
    outcome: 'success' | 'failure' | 'denied',
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.record({
      actor: null,
      actorId: attempt.user?.id,
      actorName: attempt.username,
      action,
      target: attempt.user ? `user:${attempt.user.id}` : `username:${attempt.username}`,
      outcome,
      ip: attempt.origin.ip,
      details: { ...details, userAgent: attempt.origin.userAgent },
    });
  }
}

function lockStateOf(row: LockState): LockState {
  return { failedLogins: row.failedLogins, lockCount: row.lockCount, lockedUntil: row.lockedUntil };
}

function lockedError(state: LockState, now: Date): AppError {
  const seconds = retryAfterSeconds(state, now);
  return new AppError(
    'ACCOUNT_LOCKED',
    'Too many failed attempts: this account is locked for a while. An administrator can unlock it.',
    { retryAfterSeconds: seconds },
    { 'Retry-After': String(seconds) },
  );
}
