import { Injectable } from '@nestjs/common';
import type { RecoveryCodes, TwoFactorSetup } from '@atrio/protocol';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { User } from '../users/user.entity.js';
import { CodeGuessLimiter } from './code-guess-limiter.js';
import { RecoveryCode } from './recovery-code.entity.js';
import {
  hashRecoveryCode,
  isRecoveryCodeShape,
  newRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';
import { looksLikeTotp, matchTotp, newTotpSecret, qrDataUrl, totpUri } from './totp.js';
import { UserTotp } from './user-totp.entity.js';

/** Who is logging in, for the audit entry of a used recovery code (there is no session yet). */
export interface LoginAttempt {
  username?: string;
  ip?: string;
}

/**
 * TOTP second factor (RFC 6238) with one-time recovery codes. Audit actions are `two_factor.*`:
 * the audit trail's action names must start with a letter.
 */
@Injectable()
export class TwoFactorService {
  /** Wrong codes per user on confirm, regenerate and disable (logins count toward the lock-out). */
  private readonly guesses = new CodeGuessLimiter();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new secret to scan; replaces an unconfirmed one, refused while 2FA is enabled. */
  async beginEnrolment(user: { id: number; username: string }): Promise<TwoFactorSetup> {
    const secret = newTotpSecret();
    const fresh = { secret, lastUsedStep: null, createdAt: this.clock.now() };
    // Conditional, so an enrolment confirmed meanwhile is never overwritten.
    const replaced = await this.totps().update({ userId: user.id, enabled: false }, fresh);
    if (!replaced.affected) {
      if (await this.totps().existsBy({ userId: user.id })) {
        throw new AppError('CONFLICT', 'Two-factor authentication is already enabled; disable it first.');
      }
      await this.totps().insert({ userId: user.id, ...fresh, enabled: false, confirmedAt: null });
    }
    const otpauthUrl = totpUri(user.username, secret);
    return { secret, otpauthUrl, qrDataUrl: await qrDataUrl(otpauthUrl) };
  }

  /** Enables 2FA once the app shows a valid code; the recovery codes are returned this once only. */
  async confirmEnrolment(actor: Actor, code: string): Promise<RecoveryCodes> {
    const totp = await this.totps().findOneBy({ userId: actor.userId });
    if (!totp) throw new AppError('NOT_FOUND', 'Start the two-factor setup before confirming it.');
    if (totp.enabled) throw new AppError('CONFLICT', 'Two-factor authentication is already enabled.');
    await this.requireCode(actor, 'confirm', () => this.consumeTotp(totp, code));
    const recoveryCodes = await this.dataSource.transaction(async (manager) => {
      const enabled = { enabled: true, confirmedAt: this.clock.now() };
      // Conditional: of two confirmations racing, only one hands out recovery codes.
      const result = await manager.update(UserTotp, { userId: actor.userId, enabled: false }, enabled);
      if (!result.affected) throw new AppError('CONFLICT', 'Two-factor authentication is already enabled.');
      return replaceRecoveryCodes(manager, actor.userId);
    });
    await this.record(actor, 'two_factor.enabled', actor.userId);
    return { recoveryCodes };
  }

  /**
   * The second step of a login: a TOTP code not used before, or an unused recovery code (which is
   * then spent). False when 2FA is not enabled.
   */
  async verifyLogin(
    userId: number,
    codeOrRecoveryCode: string,
    attempt: LoginAttempt = {},
  ): Promise<boolean> {
    const totp = await this.totps().findOneBy({ userId, enabled: true });
    if (!totp) return false;
    const code = codeOrRecoveryCode.replace(/\s+/g, '');
    if (looksLikeTotp(code)) return this.consumeTotp(totp, code);
    if (!(await this.consumeRecoveryCode(userId, code))) return false;
    await this.audit.record({
      actor: null,
      actorName: attempt.username,
      ip: attempt.ip,
      action: 'two_factor.recovery_code.used',
      target: `user:${userId}`,
      outcome: 'success',
      details: { remaining: await this.remainingRecoveryCodes(userId) },
    });
    return true;
  }

  async isEnabled(userId: number): Promise<boolean> {
    return this.totps().existsBy({ userId, enabled: true });
  }

  /** The user turns 2FA off, proving possession with a current code or a recovery code. */
  async disable(actor: Actor, code: string): Promise<void> {
    if (!(await this.isEnabled(actor.userId))) {
      throw new AppError('CONFLICT', 'Two-factor authentication is not enabled.');
    }
    await this.requireCode(actor, 'disable', () =>
      this.verifyLogin(actor.userId, code, { username: actor.username, ip: actor.ip }),
    );
    await this.remove(actor.userId);
    await this.record(actor, 'two_factor.disabled', actor.userId);
  }

  /** New recovery codes (the old ones stop working), against a current authenticator code. */
  async regenerateRecoveryCodes(actor: Actor, code: string): Promise<RecoveryCodes> {
    const totp = await this.totps().findOneBy({ userId: actor.userId, enabled: true });
    if (!totp) throw new AppError('CONFLICT', 'Two-factor authentication is not enabled.');
    await this.requireCode(actor, 'regenerate_recovery_codes', () => this.consumeTotp(totp, code));
    const recoveryCodes = await this.dataSource.transaction((manager) =>
      replaceRecoveryCodes(manager, actor.userId),
    );
    await this.record(actor, 'two_factor.recovery_codes.regenerated', actor.userId);
    return { recoveryCodes };
  }

  /** An administrator removes a user's 2FA (lost phone and codes); the user may enrol again. */
  async reset(actor: Actor, userId: number): Promise<void> {
    if (!(await this.dataSource.getRepository(User).existsBy({ id: userId }))) {
      throw new AppError('NOT_FOUND', `There is no user ${userId}.`);
    }
    await this.remove(userId);
    await this.record(actor, 'two_factor.reset', userId);
  }

  /**
   * Runs the check of a code the signed-in user typed, under the wrong-code limit (RATE_LIMITED
   * before checking while over it); a wrong code is audited and refused.
   */
  private async requireCode(actor: Actor, purpose: string, check: () => Promise<boolean>): Promise<void> {
    if (await this.guesses.check(actor.userId, check)) return;
    await this.audit.record({
      actor,
      action: 'two_factor.code.rejected',
      target: `user:${actor.userId}`,
      outcome: 'failure',
      details: { purpose },
    });
    throw invalidCode();
  }

  /** Accepts the code once: the step is stored only if it is newer than the stored one. */
  private async consumeTotp(totp: UserTotp, code: string): Promise<boolean> {
    const step = await matchTotp(totp.secret, code, this.clock.now().getTime(), totp.lastUsedStep);
    if (step === null) return false;
    // Conditional update: of two requests racing with the same code, only one changes the row.
    const result = await this.totps()
      .createQueryBuilder()
      .update()
      .set({ lastUsedStep: step })
      .where('user_id = :userId AND (last_used_step IS NULL OR last_used_step < :step)', {
        userId: totp.userId,
        step,
      })
      .execute();
    return result.affected === 1;
  }

  private async consumeRecoveryCode(userId: number, input: string): Promise<boolean> {
    const normalised = normaliseRecoveryCode(input);
    if (!isRecoveryCodeShape(normalised)) return false;
    const codes = this.dataSource.getRepository(RecoveryCode);
    const match = await codes.findOneBy({ userId, codeHash: hashRecoveryCode(normalised), usedAt: IsNull() });
    if (!match) return false;
    const spent = await codes.update({ id: match.id, usedAt: IsNull() }, { usedAt: this.clock.now() });
    return spent.affected === 1;
  }

  private remainingRecoveryCodes(userId: number): Promise<number> {
    return this.dataSource.getRepository(RecoveryCode).countBy({ userId, usedAt: IsNull() });
  }

  private remove(userId: number): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await manager.delete(RecoveryCode, { userId });
      await manager.delete(UserTotp, { userId });
    });
  }

  private async record(actor: Actor, action: string, userId: number): Promise<void> {
    await this.audit.record({ actor, action, target: `user:${userId}`, outcome: 'success' });
  }

  private totps() {
    return this.dataSource.getRepository(UserTotp);
  }
}

async function replaceRecoveryCodes(manager: EntityManager, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await manager.delete(RecoveryCode, { userId });
  await manager.insert(
    RecoveryCode,
    codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), usedAt: null })),
  );
  return codes;
}

function invalidCode(): AppError {
  return new AppError('VALIDATION_FAILED', 'The code is not valid.', {
    fields: [{ path: 'code', message: 'is wrong, expired or already used' }],
  });
}
