import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../common/app-error.js';
import type { KeyRing, RingKey } from './key-ring.js';
import { formatSealed, IV_BYTES, looksSealed, parseSealed, SEALED_PREFIX } from './sealed-value.js';

/**
 * AES-256-GCM for single columns, synchronous because TypeORM transformers are. Module-level on
 * purpose: entities are plain classes outside Nest, so the key ring is installed here at start-up
 * (prepareEncryption) before the DataSource reads or writes a sealed column.
 *
 * `context` names the column (`users.email`) and is authenticated with the value, so a ciphertext
 * copied into another column fails to open.
 */

/** Every key ring installed in this process (tests run several servers); the last one seals. */
const rings: KeyRing[] = [];
type ErrorLog = (details: Record<string, unknown>, message: string) => void;
let logError: ErrorLog = () => undefined;

/** A stored value that cannot be turned back into text: refused, never passed on as garbage. */
export class UnreadableValueError extends AppError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('DECRYPTION_FAILED', `The stored value of ${field} cannot be decrypted: ${reason}.`, { field });
    this.name = 'UnreadableValueError';
  }
}

export function installKeyRing(ring: KeyRing, onError?: ErrorLog): void {
  rings.push(ring);
  if (onError) logError = onError;
}

/** When its server closes. */
export function uninstallKeyRing(ring: KeyRing): void {
  const index = rings.indexOf(ring);
  if (index >= 0) rings.splice(index, 1);
}

/** The key ring that seals new values. */
export function sealingKeyRing(): KeyRing {
  const ring = rings.at(-1);
  if (!ring) {
    throw new AppError('INTERNAL', 'Encryption is not initialised: prepareEncryption() must run first.');
  }
  return ring;
}

export function installedKeyRing(file: string): KeyRing | undefined {
  return rings.find((ring) => ring.file === file);
}

/** How often sealing checks whether another process (the CLI, a second instance) rotated the file. */
const RELOAD_CHECK_MS = 10_000;
let lastReloadCheck = 0;

/** Encrypts `plain` under the active key, bound to `context` (table.column). */
export function seal(plain: string, context: string): string {
  const ring = sealingKeyRing();
  if (Date.now() - lastReloadCheck > RELOAD_CHECK_MS) {
    lastReloadCheck = Date.now();
    reloadQuietly(ring);
  }
  return sealWith(ring.active(), plain, context);
}

export function sealWith(key: RingKey, plain: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  cipher.setAAD(additionalData(key.id, context));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return formatSealed({ keyId: key.id, iv, tag: cipher.getAuthTag(), ciphertext });
}

/**
 * The text of a stored value. A value not in the sealed format is legacy clear text and passes
 * through, so databases from before encryption keep working until the sealing pass reaches them.
 */
export function open(stored: string, context: string): string {
  if (!looksSealed(stored)) return stored;
  const parts = parseSealed(stored);
  if (typeof parts === 'string') throw unreadable(context, parts);
  const key = findKey(parts.keyId);
  if (!key) {
    throw unreadable(context, `it was encrypted with key ${parts.keyId}, which is not in the key ring`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.material, parts.iv);
    decipher.setAAD(additionalData(key.id, context));
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw unreadable(context, 'it fails its integrity check (altered, or copied from another field)');
  }
}

/** A key of any installed ring; re-reads the file once when another process may have rotated. */
export function findKey(id: string): RingKey | undefined {
  const known = () => rings.map((ring) => ring.find(id)).find((key) => key !== undefined);
  const key = known();
  if (key || rings.length === 0) return key;
  return reloadQuietly(sealingKeyRing()) ? known() : undefined;
}

/** A key ring file that changed into something unreadable keeps the keys already in memory. */
function reloadQuietly(ring: KeyRing): boolean {
  try {
    return ring.reloadIfChanged();
  } catch (error) {
    logError({ err: error }, 'the key ring file changed but cannot be read again');
    return false;
  }
}

function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${SEALED_PREFIX}${keyId}:${context}`, 'utf8');
}

function unreadable(field: string, reason: string): UnreadableValueError {
  logError({ field, reason }, 'a stored encrypted value cannot be decrypted');
  return new UnreadableValueError(field, reason);
}
