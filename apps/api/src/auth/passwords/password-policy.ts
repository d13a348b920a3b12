import { PASSWORD_MAX_LENGTH } from '@atrio/protocol';
import { z } from 'zod';
import { defineSetting } from '../../settings/setting-definition.js';

/**
 * NIST SP 800-63B: length, a blocklist and no personal words; no composition rules (they push
 * people to `Password1!`) and no expiry.
 */
export const passwordPolicySchema = z.strictObject({
  minLength: z.number().int().min(8).max(64),
  /** Shown for completeness; fixed, because longer input is refused before hashing. */
  maxLength: z.literal(PASSWORD_MAX_LENGTH),
  rejectCommon: z.boolean(),
  rejectContextual: z.boolean(),
});

export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export const PASSWORD_POLICY = defineSetting(
  'security.passwordPolicy',
  passwordPolicySchema,
  { minLength: 12, maxLength: PASSWORD_MAX_LENGTH, rejectCommon: true, rejectContextual: true },
  'Rules for new passwords: minimum length (8 or more), refuse commonly used passwords, refuse ' +
    'passwords containing the username or display name. Maximum length is fixed at 128.',
);

/** Who the password is for: their names may not be part of it. */
export interface PasswordContext {
  username?: string;
  displayName?: string;
}

/** Names shorter than this match too many unrelated passwords to be worth refusing. */
const MIN_CONTEXT_LENGTH = 4;

/**
 * Every rule the password breaks, as messages for the user; empty when it is acceptable.
 * Lengths count Unicode code points, so an emoji or an accented letter is one character.
 */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  context: PasswordContext,
  isCommon: (password: string) => boolean,
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`must be at least ${policy.minLength} characters long`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  if (policy.rejectCommon && isCommon(password)) {
    problems.push('is one of the most commonly used passwords');
  }
  if (policy.rejectContextual && containsName(password, context)) {
    problems.push('must not contain your username or your name');
  }
  return problems;
}

function containsName(password: string, context: PasswordContext): boolean {
  const haystack = fold(password);
  const display = context.displayName?.trim() ?? '';
  // The parts of "Ana García Pérez" are the guessable words, so "garcia2024" is refused too.
  const names = [context.username ?? '', display, ...display.split(/\s+/)];
  return names.map(fold).some((name) => [...name].length >= MIN_CONTEXT_LENGTH && haystack.includes(name));
}

/** Lower case without accents: "García" and "garcia" are the same guess. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
