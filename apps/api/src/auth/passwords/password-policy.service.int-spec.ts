import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../audit/audit.service.js';
import { AppError } from '../../common/app-error.js';
import { SettingsService } from '../../settings/settings.service.js';
import { testActor } from '../../../test/audit-factory.js';
import { openTestDatabase, type TestDatabase } from '../../../test/databases.js';
import { PASSWORD_POLICY } from './password-policy.js';
import { PasswordPolicyService } from './password-policy.service.js';

describe('PasswordPolicyService', () => {
  let db: TestDatabase;
  let settings: SettingsService;
  let policy: PasswordPolicyService;

  beforeEach(async () => {
    db = await openTestDatabase('SQLite');
    settings = new SettingsService(db.dataSource, new AuditService(db.dataSource));
    policy = new PasswordPolicyService(settings);
  });
  afterEach(() => db.close());

  async function refusal(password: string, context = {}): Promise<AppError> {
    const error = await policy.check(password, context).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('refuses a common, short password with VALIDATION_FAILED listing every rule on newPassword', async () => {
    const error = await refusal('password123');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('The new password does not meet the password policy.');
    expect(error.details).toEqual({
      fields: [
        { path: 'newPassword', message: 'must be at least 12 characters long' },
        { path: 'newPassword', message: 'is one of the most commonly used passwords' },
      ],
    });
  });

  it('accepts a good password and refuses one containing the username', async () => {
    await expect(policy.check('violet-tractor-harbour', { username: 'ana' })).resolves.toBeUndefined();
    expect((await refusal('violet-tractor-harbour', { username: 'tractor' })).code).toBe('VALIDATION_FAILED');
  });

  it('follows the setting as soon as an administrator changes it', async () => {
    await settings.set(
      PASSWORD_POLICY,
      { ...PASSWORD_POLICY.defaultValue, minLength: 8, rejectCommon: false },
      testActor(),
    );
    await expect(policy.check('qwertyuiop12', {})).resolves.toBeUndefined();
    await settings.set(PASSWORD_POLICY, { ...PASSWORD_POLICY.defaultValue, minLength: 24 }, testActor());
    expect((await refusal('violet-tractor-harbour')).details).toEqual({
      fields: [{ path: 'newPassword', message: 'must be at least 24 characters long' }],
    });
  });
});
