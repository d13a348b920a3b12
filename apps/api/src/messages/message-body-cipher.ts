import type { ValueTransformer } from 'typeorm';
import { open, seal, UnreadableValueError } from '../encryption/field-cipher.js';
import { looksSealed } from '../encryption/sealed-value.js';
import { MESSAGE_BODY_CONTEXT } from '../encryption/sealed-fields.js';

/** Follows the setting `encryption.messageBodies` (EncryptionService keeps it in step). */
let sealBodies = false;

/** Shown instead of a body that cannot be decrypted: one bad row must not break a room's history. */
export const UNREADABLE_BODY = '[This message cannot be decrypted.]';

export function setMessageBodySealing(on: boolean): void {
  sealBodies = on;
}

export function messageBodySealingOn(): boolean {
  return sealBodies;
}

/**
 * The value to store for a message body: encrypted while the setting is on, as is otherwise.
 * A body that merely looks encrypted (someone typed "enc:v1:…") is always encrypted, so reading
 * it back can never mistake it for a sealed value. Call it wherever a body is written with SQL
 * that bypasses the entity's transformer.
 */
export function sealMessageBody(body: string): string {
  return sealBodies || looksSealed(body) ? seal(body, MESSAGE_BODY_CONTEXT) : body;
}

/** The text of a stored body, whatever the setting; never throws for a damaged value (it is logged). */
export function openMessageBody(stored: string): string {
  try {
    return open(stored, MESSAGE_BODY_CONTEXT);
  } catch (error) {
    if (error instanceof UnreadableValueError) return UNREADABLE_BODY;
    throw error;
  }
}

export const messageBodyColumn: ValueTransformer = {
  to: (value: unknown) => (typeof value === 'string' ? sealMessageBody(value) : value),
  from: (value: unknown) => (typeof value === 'string' ? openMessageBody(value) : value),
};
