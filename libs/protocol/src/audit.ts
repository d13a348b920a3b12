import { z } from 'zod';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export const auditOutcomeSchema = z.enum(AUDIT_OUTCOMES);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

/** Dotted lower-case names, feature first: `auth.login.failed`, `user.locked`, `role.updated`. */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** One entry of the audit trail as the console and scripts read it. */
export const auditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.iso.datetime(),
  actorId: z.number().int().nullable(),
  /** The actor's username, the attempted username of a failed login, or null for the system. */
  actorName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: auditOutcomeSchema,
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const AUDIT_SORTABLE = ['id', 'at', 'action', 'actorName', 'outcome'] as const;

/** A day (`2026-01-31`, the whole day) or an instant with its offset. */
const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const text = z.string().trim().min(1).max(200);
/** Ids are 32-bit integers in the database; a larger one can match nothing. */
const rowId = z.coerce.number().int().positive().max(2_147_483_647);

/** The `filter` of `GET /api/admin/audit` and of the CSV export. */
export const auditFilterSchema = z.strictObject({
  /** Free text over action, target and actor name. */
  q: text.optional(),
  /** Substring of the actor name, any case. */
  actor: text.optional(),
  actorId: rowId.optional(),
  /** Prefix: `auth.` matches every authentication event. */
  action: text.optional(),
  outcome: auditOutcomeSchema.optional(),
  target: text.optional(),
  ip: text.optional(),
  from: dateOrInstant.optional(),
  /** Inclusive; a bare day includes all of that day (UTC). */
  to: dateOrInstant.optional(),
  /** react-admin's getMany sends `{id: [..]}`. */
  id: z.union([rowId, z.array(rowId).max(500)]).optional(),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_BREAK_REASONS = [
  'hash_mismatch',
  'link_mismatch',
  'head_mismatch',
  'anchor_mismatch',
] as const;

/** `GET /api/admin/audit/verify`: the chain recomputed from the first entry to the current head. */
export const auditVerifyResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    checked: z.number().int(),
    /** Hash of the newest entry; writing it down elsewhere lets a later check prove nothing was rewritten. */
    headHash: z.string(),
    /** Present once retention removed old entries: the chain is checked from the entry after this id. */
    truncatedThroughId: z.number().int().optional(),
  }),
  z.object({
    ok: z.literal(false),
    checked: z.number().int(),
    firstBrokenId: z.number().int(),
    /**
     * hash_mismatch: the entry was altered; link_mismatch: an entry before it was removed or the
     * order changed; head_mismatch: the newest entries were removed; anchor_mismatch: the
     * retention anchor the chain starts from is not the one its audit entry recorded (forged).
     */
    reason: z.enum(AUDIT_BREAK_REASONS),
    message: z.string(),
  }),
]);

export type AuditVerifyResult = z.infer<typeof auditVerifyResultSchema>;
