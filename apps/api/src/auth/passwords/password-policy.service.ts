import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error.js';
import { SettingsService } from '../../settings/settings.service.js';
import { commonPasswords } from './common-passwords.js';
import { PASSWORD_POLICY, type PasswordContext, passwordProblems } from './password-policy.js';

@Injectable()
export class PasswordPolicyService {
  constructor(private readonly settings: SettingsService) {}

  /** Throws VALIDATION_FAILED listing every broken rule; call it before hashing a new password. */
  async check(password: string, context: PasswordContext, field = 'newPassword'): Promise<void> {
    const policy = await this.settings.get(PASSWORD_POLICY);
    const common = policy.rejectCommon ? await commonPasswords() : new Set<string>();
    const problems = passwordProblems(password, policy, context, (p) => common.has(p.toLowerCase()));
    if (problems.length === 0) return;
    throw new AppError('VALIDATION_FAILED', 'The new password does not meet the password policy.', {
      fields: problems.map((message) => ({ path: field, message })),
    });
  }
}
