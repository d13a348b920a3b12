import type { ValueTransformer } from 'typeorm';
import { open, seal } from './field-cipher.js';

export interface SealedField {
  table: string;
  column: string;
  /** Walked in this order, in batches, by the sealing and rotation pass. */
  primaryKey: string;
  /** `table.column`: authenticated with each value, so it cannot be moved to another column. */
  context: string;
  /** `messageBodies`: clear text is encrypted only while the setting `encryption.messageBodies` is on. */
  scope: 'always' | 'messageBodies';
}

const field = (
  table: string,
  column: string,
  primaryKey: string,
  scope: SealedField['scope'] = 'always',
): SealedField => ({ table, column, primaryKey, context: `${table}.${column}`, scope });

/**
 * Every encrypted column. Not here, on purpose: password hashes (a lost key ring must not lock
 * every account out), recovery and reset codes (SHA-256 of random codes, short-lived or one-time),
 * session tokens (hashes).
 */
export const SEALED_FIELDS: readonly SealedField[] = [
  field('users', 'email', 'id'),
  field('user_totp', 'secret', 'user_id'),
  // Answers are guessable words; their argon2 hash (salt included) encrypted means a stolen
  // database or backup alone allows no offline guessing.
  field('security_answers', 'answer_hash', 'id'),
  // The HMAC key of the recovery questions.
  field('server_secrets', 'value', 'name'),
  field('messages', 'body', 'id', 'messageBodies'),
];

export const MESSAGE_BODY_CONTEXT = 'messages.body';

/** For `@Column({ transformer: sealedColumn('users.email') })`: always encrypted at rest. */
export function sealedColumn(context: string): ValueTransformer {
  if (!SEALED_FIELDS.some((f) => f.context === context))
    throw new Error(`${context} is not in SEALED_FIELDS`);
  return {
    to: (value: unknown) => (typeof value === 'string' ? seal(value, context) : value),
    from: (value: unknown) => (typeof value === 'string' ? open(value, context) : value),
  };
}
