import { Injectable } from '@nestjs/common';
import type { RecoveryByAnswers, RecoveryByCode, RecoveryChallenge } from '@atrio/protocol';
import type { RequestOrigin } from '../common/actor.js';
import { KeyedSerializer } from '../common/concurrency.js';
import { LoginAttemptsService } from '../auth/login/login-attempts.service.js';
import { PasswordVerifier } from '../auth/passwords/password-verifier.js';
import { normaliseAnswer } from './answers.js';
import { RecoveryChallengeService } from './recovery-challenge.service.js';
import { RecoveryFinisher } from './recovery-finisher.service.js';
import { ResetCodesService } from './reset-codes.service.js';

/**
 * Self-service password recovery, by security answers or by an administrator's reset code.
 * Both walk the login's path: the same lock-out (a wrong answer or code is a failed attempt),
 * the same answers for unknown names, and the second factor still required.
 */
@Injectable()
export class RecoveryService {
  private readonly perUsername = new KeyedSerializer();

  constructor(
    private readonly attempts: LoginAttemptsService,
    private readonly verifier: PasswordVerifier,
    private readonly challenges: RecoveryChallengeService,
    private readonly resetCodes: ResetCodesService,
    private readonly finisher: RecoveryFinisher,
  ) {}

  async start(username: string): Promise<RecoveryChallenge> {
    return { questions: (await this.challenges.challenge(username)).questions };
  }

  byAnswers(input: RecoveryByAnswers, origin: RequestOrigin): Promise<void> {
    return this.perUsername.run(input.username, async () => {
      const challenge = await this.challenges.challenge(input.username);
      const attempt = await this.attempts.begin(input.username, origin);
      let allRight = challenge.answers.length === challenge.questions.length && challenge.user !== null;
      // Every asked question costs one hash check, answered or not, known user or not.
      for (const question of challenge.questions) {
        const stored = challenge.answers.find((answer) => answer.question === question);
        const given = normaliseAnswer(input.answers[question] ?? '');
        const ok = await this.verifier.verify(stored?.answerHash ?? null, given);
        allRight &&= ok;
      }
      const user = attempt.user;
      if (!allRight || !user)
        return this.attempts.failed(attempt, 'wrong security answers', 'auth.recovery.failed');
      const withUser = { ...attempt, user };
      await this.finisher.assertSecondFactor(withUser, input.totp, 'auth.recovery');
      const passwordHash = await this.finisher.checkNewPassword(user, input.newPassword);
      await this.finisher.finish(withUser, passwordHash, 'auth.recovery', 'security answers');
    });
  }

  byResetCode(input: RecoveryByCode, origin: RequestOrigin): Promise<void> {
    return this.perUsername.run(input.username, async () => {
      const attempt = await this.attempts.begin(input.username, origin);
      const user = attempt.user;
      const code = await this.resetCodes.match(user?.id ?? null, input.code);
      if (!user || !code)
        return this.attempts.failed(attempt, 'wrong or expired reset code', 'auth.reset_code.failed');
      const withUser = { ...attempt, user };
      await this.finisher.assertSecondFactor(withUser, input.totp, 'auth.reset_code');
      const passwordHash = await this.finisher.checkNewPassword(user, input.newPassword);
      if (!(await this.resetCodes.consume(code))) {
        return this.attempts.failed(attempt, 'reset code already used', 'auth.reset_code.failed');
      }
      await this.finisher.finish(withUser, passwordHash, 'auth.reset_code', 'reset code');
    });
  }
}
