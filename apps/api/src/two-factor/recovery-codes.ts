import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** No 0/O or 1/I: the codes are read off paper. 32 symbols, so 10 of them carry 50 random bits. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 10;

/** `ABCDE-FGHJK`: the dash is only for reading, normalisation drops it. */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, LENGTH / 2)}-${code.slice(LENGTH / 2)}`;
}

export function normaliseRecoveryCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function isRecoveryCodeShape(normalised: string): boolean {
  return normalised.length === LENGTH && [...normalised].every((c) => ALPHABET.includes(c));
}

/**
 * A fast hash is enough: 50 random bits are no dictionary word, and whoever can read this table can
 * read the TOTP secret beside it anyway.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}
