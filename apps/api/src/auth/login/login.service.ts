import { Injectable } from '@nestjs/common';
import type { LoginRequest, LoginResponse } from '@atrio/protocol';
import { AppError } from '../../common/app-error.js';
import { TwoFactorService } from '../../two-factor/two-factor.service.js';
import { AccountsService } from '../../users/accounts.service.js';
import type { RequestOrigin } from '../../common/actor.js';
import { KeyedSerializer } from '../../common/concurrency.js';
import { LoginAttemptsService } from './login-attempts.service.js';
import { PasswordVerifier } from '../passwords/password-verifier.js';
import { SessionsService } from '../sessions/sessions.service.js';

/**
 * The login decision. Known and unknown usernames walk the same path — same hashing work, same
 * lock-out, same answers — so neither the answers nor their timing reveal who has an account.
 */
@Injectable()
export class LoginService {
  private readonly perUsername = new KeyedSerializer();

  constructor(
    private readonly attempts: LoginAttemptsService,
    private readonly verifier: PasswordVerifier,
    private readonly twoFactor: TwoFactorService,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
  ) {}

  login(request: LoginRequest, origin: RequestOrigin): Promise<LoginResponse> {
    // One attempt per username at a time: parallel guesses cannot outrun the lock-out counter.
    return this.perUsername.run(request.username, () => this.attempt(request, origin));
  }

  private async attempt(request: LoginRequest, origin: RequestOrigin): Promise<LoginResponse> {
    const attempt = await this.attempts.begin(request.username, origin);
    const passwordOk = await this.verifier.verify(attempt.user?.passwordHash ?? null, request.password);
    const user = attempt.user;
    if (!user || !passwordOk) return this.attempts.failed(attempt, 'wrong password');
    if (user.status === 'disabled') {
      await this.attempts.refused(attempt, 'auth.login.refused_disabled');
      throw new AppError('ACCOUNT_DISABLED', 'This account is disabled; contact your IT administrator.');
    }
    if (await this.twoFactor.isEnabled(user.id)) {
      if (!request.totp) {
        await this.attempts.refused(attempt, 'auth.login.totp_required');
        throw new AppError(
          'TOTP_REQUIRED',
          'Enter the code from your authenticator app, or a recovery code.',
        );
      }
      const codeOk = await this.twoFactor.verifyLogin(user.id, request.totp, {
        username: user.username,
        ip: origin.ip,
      });
      if (!codeOk) return this.attempts.failed(attempt, 'wrong second-factor code');
    }
    const { token, session } = await this.sessions.create(user.id, origin);
    const lastLoginAt = await this.attempts.succeeded({ ...attempt, user }, session.id);
    return {
      token,
      expiresAt: this.sessions.effectiveExpiry(session).toISOString(),
      user: await this.accounts.sessionUser({ ...user, lastLoginAt }),
    };
  }
}
