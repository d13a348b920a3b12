import { Injectable } from '@nestjs/common';
import { LoginAttemptsService, type Attempt } from '../auth/login/login-attempts.service.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { AppError } from '../common/app-error.js';
import { TwoFactorService } from '../two-factor/two-factor.service.js';
import { CredentialsService } from '../users/credentials.service.js';
import type { User } from '../users/user.entity.js';

/**
 * The common end of every recovery path, once the user proved who they are: the second factor
 * still applies (recovery never bypasses 2FA), then the new password, then every old session ends.
 */
@Injectable()
export class RecoveryFinisher {
  constructor(
    private readonly attempts: LoginAttemptsService,
    private readonly twoFactor: TwoFactorService,
    private readonly credentials: CredentialsService,
    private readonly sessions: SessionsService,
  ) {}

  async assertSecondFactor(
    attempt: Attempt & { user: User },
    totp: string | undefined,
    action: string,
  ): Promise<void> {
    if (attempt.user.status === 'disabled') {
      await this.attempts.refused(attempt, `${action}.refused_disabled`);
      throw new AppError('ACCOUNT_DISABLED', 'This account is disabled; contact your IT administrator.');
    }
    if (!(await this.twoFactor.isEnabled(attempt.user.id))) return;
    if (!totp) {
      await this.attempts.refused(attempt, `${action}.totp_required`);
      throw new AppError('TOTP_REQUIRED', 'Enter the code from your authenticator app, or a recovery code.');
    }
    const ok = await this.twoFactor.verifyLogin(attempt.user.id, totp, {
      username: attempt.user.username,
      ip: attempt.origin.ip,
    });
    if (!ok) await this.attempts.failed(attempt, 'wrong second-factor code', `${action}.failed`);
  }

  /** Checks the new password against the policy first, so a refused one spends nothing. */
  async checkNewPassword(user: User, newPassword: string): Promise<string> {
    return this.credentials.checkedHash(newPassword, user, 'newPassword');
  }

  async finish(
    attempt: Attempt & { user: User },
    passwordHash: string,
    action: string,
    how: string,
  ): Promise<void> {
    await this.credentials.storeHash(attempt.user.id, passwordHash);
    const ended = await this.sessions.revokeAllForUser(attempt.user.id, `password recovered (${how})`);
    await this.attempts.cleared(attempt, `${action}.succeeded`, { how, sessionsEnded: ended });
  }
}
