import { createHash } from 'node:crypto';

/** What the first entry links to; also written into audit_chain_head by the migration. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields an entry's hash covers, exactly as they are stored. */
export interface ChainFields {
  id: number;
  atMs: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  /** The JSON text as stored, so the hash never depends on how a database re-serialises JSON. */
  details: string;
  prevHash: string;
}

/**
 * A JSON array in a fixed order, prefixed with a format version so the serialisation can evolve
 * without making old entries unverifiable.
 */
export function canonicalize(fields: ChainFields): string {
  return JSON.stringify([
    'atrio-audit-v1',
    fields.id,
    fields.atMs,
    fields.actorId,
    fields.actorName,
    fields.action,
    fields.target,
    fields.outcome,
    fields.ip,
    fields.details,
    fields.prevHash,
  ]);
}

export function entryHash(fields: ChainFields): string {
  return createHash('sha256').update(canonicalize(fields), 'utf8').digest('hex');
}

const SECRET_NAMES = new Set([
  'password',
  'newpassword',
  'currentpassword',
  'passwordhash',
  'token',
  'totp',
  'answer',
  'answers',
  'code',
  'secret',
]);
/** Catches `temporaryPassword`, `accessToken`, `totpSecret` while keeping `passwordPolicy`. */
const SECRET_SUFFIXES = ['password', 'secret', 'token'];
const MAX_DEPTH = 8;

export function isSecretKey(key: string): boolean {
  const name = key.toLowerCase();
  return SECRET_NAMES.has(name) || SECRET_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/**
 * A JSON-safe copy of `details` without secret-named keys at any depth. The audit trail is kept for
 * years and exported to spreadsheets, so a secret that reaches it is a secret leaked.
 */
export function sanitizeDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (details === undefined) return {};
  return sanitizeObject(details, new WeakSet(), 0);
}

function sanitizeObject(value: object, ancestors: WeakSet<object>, depth: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKey(key)) continue;
    const clean = sanitizeValue(item, ancestors, depth + 1);
    if (clean !== undefined) copy[key] = clean;
  }
  return copy;
}

function sanitizeValue(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (ancestors.has(value)) return '[circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  ancestors.add(value);
  const clean = Array.isArray(value)
    ? value.map((item) => sanitizeValue(item, ancestors, depth + 1) ?? null)
    : sanitizeObject(value, ancestors, depth);
  ancestors.delete(value);
  return clean;
}
