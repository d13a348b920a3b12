import { describe, expect, it } from 'vitest';
import { commonPasswords } from './common-passwords.js';
import {
  PASSWORD_POLICY,
  type PasswordContext,
  type PasswordPolicy,
  passwordPolicySchema,
  passwordProblems,
} from './password-policy.js';

const DEFAULT = PASSWORD_POLICY.defaultValue;
const never = (_password: string) => false;
const check = (
  password: string,
  policy: Partial<PasswordPolicy> = {},
  context: PasswordContext = {},
  isCommon: (password: string) => boolean = never,
) => passwordProblems(password, { ...DEFAULT, ...policy }, context, isCommon);

describe('password policy rules', () => {
  it('accepts a long passphrase without any composition rule', () => {
    expect(check('correct horse battery staple')).toEqual([]);
    expect(check('alllowercaseletters')).toEqual([]);
  });

  it('requires the configured minimum length, counting characters rather than UTF-16 units', () => {
    expect(check('a'.repeat(11))).toEqual(['must be at least 12 characters long']);
    expect(check('a'.repeat(12))).toEqual([]);
    expect(check('a'.repeat(9), { minLength: 8 })).toEqual([]);
    expect(check('🔒'.repeat(11))).toEqual(['must be at least 12 characters long']);
  });

  it('refuses more than 128 characters', () => {
    expect(check('a'.repeat(128))).toEqual([]);
    expect(check('a'.repeat(129))).toEqual(['must be at most 128 characters long']);
  });

  it('refuses a common password unless the rule is off', () => {
    const isCommon = (p: string) => p === 'letmein-letmein';
    expect(check('letmein-letmein', {}, {}, isCommon)).toEqual([
      'is one of the most commonly used passwords',
    ]);
    expect(check('letmein-letmein', { rejectCommon: false }, {}, isCommon)).toEqual([]);
  });

  it('refuses the username or the display name (or a word of it), any case, accents aside', () => {
    const context = { username: 'mgarcia', displayName: 'Ana García Pérez' };
    const contextual = ['must not contain your username or your name'];
    expect(check('I-am-MGarcia-2026', {}, context)).toEqual(contextual);
    expect(check('garcia-rocks-2026', {}, context)).toEqual(contextual);
    expect(check('PEREZ-rocks-2026!', {}, context)).toEqual(contextual);
    expect(check('garcia-rocks-2026', { rejectContextual: false }, context)).toEqual([]);
  });

  it('ignores names shorter than 4 characters', () => {
    expect(check('banana-split-2026', {}, { username: 'ana', displayName: 'Ana Li' })).toEqual([]);
  });

  it('lists every broken rule', () => {
    expect(check('bob1234', {}, { username: 'bob1' }, () => true)).toEqual([
      'must be at least 12 characters long',
      'is one of the most commonly used passwords',
      'must not contain your username or your name',
    ]);
  });

  it('refuses the common passwords of the zxcvbn list, any case', async () => {
    const common = await commonPasswords();
    expect(common.size).toBeGreaterThan(40_000);
    const isCommon = (p: string) => common.has(p.toLowerCase());
    for (const password of ['password123', 'qwertyuiop12', 'Password123']) {
      expect(check(password, { minLength: 8 }, {}, isCommon)).toEqual([
        'is one of the most commonly used passwords',
      ]);
    }
    expect(check('violet-tractor-harbour', { minLength: 8 }, {}, isCommon)).toEqual([]);
  });

  it('lets an administrator change only what the schema allows', () => {
    expect(passwordPolicySchema.safeParse({ ...DEFAULT, minLength: 16 }).success).toBe(true);
    expect(passwordPolicySchema.safeParse({ ...DEFAULT, minLength: 7 }).success).toBe(false);
    expect(passwordPolicySchema.safeParse({ ...DEFAULT, maxLength: 256 }).success).toBe(false);
    expect(passwordPolicySchema.safeParse({ ...DEFAULT, requireDigit: true }).success).toBe(false);
  });
});
