import { z } from 'zod';

export const ENCRYPTION_KEY_STATUSES = ['active', 'retiring', 'retired'] as const;
export type EncryptionKeyStatus = (typeof ENCRYPTION_KEY_STATUSES)[number];

/** `rotation`: re-encrypt under a new key; `seal`: encrypt values still stored in clear. */
export const ENCRYPTION_PASS_KINDS = ['rotation', 'seal'] as const;
export type EncryptionPassKind = (typeof ENCRYPTION_PASS_KINDS)[number];

/** One key of the key ring; the key material itself never leaves the server's data dir. */
export const encryptionKeySchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  status: z.enum(ENCRYPTION_KEY_STATUSES),
  retiredAt: z.iso.datetime().nullable(),
  /** Stored values encrypted under this key right now. */
  values: z.number().int().nonnegative(),
});
export type EncryptionKey = z.infer<typeof encryptionKeySchema>;

/** One encrypted column, e.g. `users.email`: how its stored values are spread over the keys. */
export const encryptedFieldSchema = z.object({
  field: z.string(),
  /** Values stored in clear (message bodies are encrypted only while the setting is on). */
  plain: z.number().int().nonnegative(),
  /** Key id → number of values encrypted under it; ids missing from the key ring are unreadable. */
  byKey: z.record(z.string(), z.number().int().nonnegative()),
});
export type EncryptedField = z.infer<typeof encryptedFieldSchema>;

/** The background pass running now. */
export const encryptionPassSchema = z.object({
  kind: z.enum(ENCRYPTION_PASS_KINDS),
  /** The key every value is being encrypted under. */
  keyId: z.string(),
  startedAt: z.iso.datetime(),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  /** Values that could not be decrypted (tampered, or under a key that is not in the key ring). */
  failed: z.number().int().nonnegative(),
  /** The column being worked on, e.g. `messages.body`. */
  field: z.string().nullable(),
});
export type EncryptionPass = z.infer<typeof encryptionPassSchema>;

/** What a finished pass did; `KeyRotationService.rotate` resolves with it (the CLI prints it). */
export const keyRotationResultSchema = z.object({
  kind: z.enum(ENCRYPTION_PASS_KINDS),
  keyId: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** Values re-encrypted (or encrypted for the first time) under `keyId`. */
  resealed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Keys no value uses any more, now marked retired (kept to read older backups). */
  retiredKeyIds: z.array(z.string()),
  /** Values still under an older key or in clear after the pass (0 unless some failed). */
  remaining: z.number().int().nonnegative(),
});
export type KeyRotationResult = z.infer<typeof keyRotationResultSchema>;

/** GET /api/admin/encryption/status (and the answer of POST /api/admin/encryption/rotate). */
export const encryptionStatusSchema = z.object({
  /** The setting `encryption.messageBodies`. */
  messageBodies: z.boolean(),
  /** Where the key ring lives, relative to the data dir. Back it up apart from the database. */
  keyRingFile: z.string(),
  keys: z.array(encryptionKeySchema),
  fields: z.array(encryptedFieldSchema),
  /** Encrypted values whose key is not in the key ring: they cannot be read. */
  unknownKeyValues: z.number().int().nonnegative(),
  pass: encryptionPassSchema.nullable(),
  lastPass: keyRotationResultSchema.nullable(),
});
export type EncryptionStatus = z.infer<typeof encryptionStatusSchema>;
