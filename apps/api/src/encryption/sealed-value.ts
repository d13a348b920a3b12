/**
 * The stored form of an encrypted field: `enc:v1:<keyId>:<base64url(iv | tag | ciphertext)>`.
 * The version lets a later format live beside this one; the key id says which key of the ring
 * opens it, so values under an old key stay readable while a rotation runs.
 */
export const SEALED_PREFIX = 'enc:v1:';
/** Key ids are 16 lowercase hex characters: fixed length, so SQL can group values by key with substr. */
export const KEY_ID_LENGTH = 16;
export const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface SealedParts {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/** True for anything in the sealed format (well-formed or not): such a value is never stored in clear. */
export function looksSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** `enc:v1:<keyId>:`, what every value sealed under this key starts with. */
export function sealedPrefixOf(keyId: string): string {
  return `${SEALED_PREFIX}${keyId}:`;
}

export function formatSealed({ keyId, iv, tag, ciphertext }: SealedParts): string {
  return sealedPrefixOf(keyId) + Buffer.concat([iv, tag, ciphertext]).toString('base64url');
}

/** The parts of a sealed value, or a sentence saying what is wrong with it. */
export function parseSealed(stored: string): SealedParts | string {
  if (!looksSealed(stored)) return 'it is not in the encrypted format';
  const keyId = stored.slice(SEALED_PREFIX.length, SEALED_PREFIX.length + KEY_ID_LENGTH);
  const rest = stored.slice(SEALED_PREFIX.length + KEY_ID_LENGTH);
  if (!KEY_ID_PATTERN.test(keyId) || !rest.startsWith(':')) return 'its key id is malformed';
  const encoded = rest.slice(1);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return 'its payload is not base64url';
  const payload = Buffer.from(encoded, 'base64url');
  if (payload.length < IV_BYTES + TAG_BYTES) return 'its payload is truncated';
  return {
    keyId,
    iv: payload.subarray(0, IV_BYTES),
    tag: payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    ciphertext: payload.subarray(IV_BYTES + TAG_BYTES),
  };
}
