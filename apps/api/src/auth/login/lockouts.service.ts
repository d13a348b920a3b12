import { Injectable } from '@nestjs/common';
import type { Lockout, LockoutReason, ThrottledAddress } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditEntryRow } from '../../audit/audit-entry.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/actor.js';
import { AppError } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { User } from '../../users/user.entity.js';
import { LoginAttemptsService } from './login-attempts.service.js';

/** How far back the trail is read per locked account: far more than any lock-out policy allows. */
const TRAIL_DEPTH = 500;

/** Entries that end a run of failures: the counter starts again after them. */
const RESETS = new Set([
  'auth.login.succeeded',
  'user.unlocked',
  'user.password.reset',
  'auth.recovery',
  'auth.reset_code',
]);

const REASONS: Record<string, LockoutReason> = {
  'wrong password': 'password',
  'wrong second-factor code': 'totp',
  'wrong security answers': 'answers',
  'wrong or expired reset code': 'reset_code',
  'reset code already used': 'reset_code',
};

/** The console's lockouts queue: who is locked, why, since when, from where; and the throttled addresses. */
@Injectable()
export class LockoutsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly attempts: LoginAttemptsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Lockout[]> {
    const now = this.clock.now().getTime();
    const users = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where("u.status = 'active' AND u.locked_until > :now", { now })
      .orderBy('u.locked_until', 'DESC')
      .addOrderBy('u.id', 'ASC')
      .getMany();
    return Promise.all(users.map((user) => this.describe(user)));
  }

  async addresses(): Promise<ThrottledAddress[]> {
    const { states, limit } = await this.attempts.addresses();
    return states
      .map((state) => ({ id: state.ip, limit, ...state }))
      .sort((a, b) => b.failures - a.failures || a.ip.localeCompare(b.ip));
  }

  async liftThrottle(actor: Actor, ip: string): Promise<void> {
    if (!(await this.attempts.forgetAddress(ip)))
      throw new AppError('NOT_FOUND', 'This address has no recent failed logins.');
    await this.audit.record({
      actor,
      action: 'auth.throttle.lifted',
      target: `ip:${ip}`,
      outcome: 'success',
    });
  }

  private async describe(user: User): Promise<Lockout> {
    const trail = await this.dataSource.getRepository(AuditEntryRow).find({
      where: { target: `user:${user.id}` },
      order: { id: 'DESC' },
      take: TRAIL_DEPTH,
    });
    let lockedAt: Date | null = null;
    let lastAttemptAt: Date | null = null;
    let attempts = 0;
    const reasons = new Set<LockoutReason>();
    const addresses = new Map<string, number>();
    for (const entry of trail) {
      if (RESETS.has(entry.action) && entry.outcome === 'success') break;
      if (entry.action === 'user.locked' && lockedAt === null) lockedAt = entry.at;
      if (entry.outcome !== 'failure' || !entry.action.endsWith('.failed')) continue;
      attempts += 1;
      lastAttemptAt ??= entry.at;
      const reason = REASONS[String(parseDetails(entry.details).reason)];
      if (reason) reasons.add(reason);
      const ip = entry.ip ?? 'unknown';
      addresses.set(ip, (addresses.get(ip) ?? 0) + 1);
    }
    return {
      id: user.id,
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      lockedAt: lockedAt?.toISOString() ?? null,
      lockedUntil: user.lockedUntil!.toISOString(),
      attempts,
      lockCount: user.lockCount,
      reasons: [...reasons],
      addresses: [...addresses]
        .map(([ip, count]) => ({ ip, attempts: count }))
        .sort((a, b) => b.attempts - a.attempts),
      lastAttemptAt: lastAttemptAt?.toISOString() ?? null,
    };
  }
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
