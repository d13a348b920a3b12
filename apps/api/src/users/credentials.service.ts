import { Injectable } from '@nestjs/common';
import type { ChangePassword } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { PasswordPolicyService } from '../auth/passwords/password-policy.service.js';
import { PasswordVerifier } from '../auth/passwords/password-verifier.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { AppError } from '../common/app-error.js';
import { User } from './user.entity.js';

/** Password changes: the policy, the hash, and ending the other sessions. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verifier: PasswordVerifier,
    private readonly policy: PasswordPolicyService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async replacePassword(actor: Actor, user: User, input: ChangePassword): Promise<void> {
    if (!(await this.verifier.verify(user.passwordHash, input.currentPassword))) {
      await this.audit.record({
        actor,
        action: 'user.password.change_refused',
        target: `user:${user.id}`,
        outcome: 'failure',
        details: { reason: 'wrong current password' },
      });
      throw new AppError('VALIDATION_FAILED', 'The current password is not correct.', {
        fields: [{ path: 'currentPassword', message: 'is not correct' }],
      });
    }
    if (input.newPassword === input.currentPassword) {
      throw new AppError('VALIDATION_FAILED', 'The new password must differ from the current one.', {
        fields: [{ path: 'newPassword', message: 'must differ from the current password' }],
      });
    }
    await this.setPassword(user, input.newPassword, false);
    const ended = await this.sessions.revokeAllForUser(user.id, 'password changed', actor.sessionId);
    await this.audit.record({
      actor,
      action: 'user.password.changed',
      target: `user:${user.id}`,
      outcome: 'success',
      details: { otherSessionsEnded: ended },
    });
  }

  /**
   * Stores a new password hash. A password the user chose must pass the policy; a generated one
   * (`temporary`) need not, and forces a change at the next login.
   */
  async setPassword(
    user: Pick<User, 'id' | 'username' | 'displayName'>,
    password: string,
    temporary: boolean,
  ): Promise<void> {
    const passwordHash = temporary
      ? await this.verifier.hash(password)
      : await this.checkedHash(password, user, 'newPassword');
    await this.dataSource
      .getRepository(User)
      .update(
        { id: user.id },
        { passwordHash, mustChangePassword: temporary, passwordChangedAt: new Date() },
      );
  }

  /** Stores a hash made by checkedHash(): a password the user chose, so no change is forced. */
  async storeHash(userId: number, passwordHash: string): Promise<void> {
    await this.dataSource
      .getRepository(User)
      .update({ id: userId }, { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() });
  }

  /** The policy check, then the argon2id hash (through the shared concurrency cap). */
  async checkedHash(
    password: string,
    user: Pick<User, 'username' | 'displayName'>,
    field: string,
  ): Promise<string> {
    await this.policy.check(password, { username: user.username, displayName: user.displayName }, field);
    return this.verifier.hash(password);
  }
}
