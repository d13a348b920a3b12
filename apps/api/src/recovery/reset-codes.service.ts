import { Injectable } from '@nestjs/common';
import type { ResetCode } from '@atrio/protocol';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { SettingsService } from '../settings/settings.service.js';
import { User } from '../users/user.entity.js';
import { RECOVERY_SETTINGS } from './recovery-settings.js';
import { ResetCodeRow } from './reset-code.entity.js';

/** No 0/O, 1/I/L: codes are read out over the phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newResetCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

export function hashResetCode(code: string): string {
  return createHash('sha256')
    .update(code.toUpperCase().replace(/[^A-Z0-9]/g, ''))
    .digest('hex');
}

/** One-time reset codes an administrator hands to a user who lost their password. */
@Injectable()
export class ResetCodesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new code (shown once); any earlier unused code of the user stops working. */
  async issue(actor: Actor, userId: number): Promise<ResetCode> {
    if (!(await this.dataSource.getRepository(User).existsBy({ id: userId }))) {
      throw new AppError('NOT_FOUND', 'There is no such user.');
    }
    const { resetCodeHours } = await this.settings.get(RECOVERY_SETTINGS);
    const now = this.clock.now();
    const code = newResetCode();
    const expiresAt = new Date(now.getTime() + resetCodeHours * 3_600_000);
    await this.dataSource.transaction(async (manager) => {
      const codes = manager.getRepository(ResetCodeRow);
      await codes.update({ userId, usedAt: IsNull() }, { usedAt: now });
      await codes.insert({
        userId,
        codeHash: hashResetCode(code),
        createdAt: now,
        expiresAt,
        usedAt: null,
        createdBy: actor.userId,
      });
    });
    await this.audit.record({
      actor,
      action: 'user.reset_code.issued',
      target: `user:${userId}`,
      outcome: 'success',
      details: { expiresAt: expiresAt.toISOString() },
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /** The live code matching `code` for this user, or null (also for unknown users). */
  async match(userId: number | null, code: string): Promise<ResetCodeRow | null> {
    const wanted = Buffer.from(hashResetCode(code), 'hex');
    if (userId === null) return null;
    const live = await this.dataSource.getRepository(ResetCodeRow).findBy({
      userId,
      usedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    });
    return live.find((row) => timingSafeEqual(Buffer.from(row.codeHash, 'hex'), wanted)) ?? null;
  }

  /** Spends the code; false when a concurrent request spent it first. */
  async consume(row: ResetCodeRow): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ResetCodeRow)
      .update({ id: row.id, usedAt: IsNull() }, { usedAt: this.clock.now() });
    return (result.affected ?? 0) === 1;
  }
}
