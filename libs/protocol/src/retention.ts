import { z } from 'zod';
import { DAILY_CRON_PATTERN } from './backups.js';

/**
 * The audit trail is never kept for less than this: the monthly routine reviews the previous
 * calendar month (up to ~62 days back), and a quarter leaves room to investigate what it finds.
 */
export const AUDIT_RETENTION_FLOOR_DAYS = 90;
/** A hundred years: beyond that "keep forever" (null) says it better. */
export const MAX_RETENTION_DAYS = 36_500;

const messageDays = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day (null keeps messages forever)')
  .max(MAX_RETENTION_DAYS);

const auditDays = z
  .number()
  .int('must be a whole number of days')
  .min(AUDIT_RETENTION_FLOOR_DAYS, `must be at least ${AUDIT_RETENTION_FLOOR_DAYS} days`)
  .max(MAX_RETENTION_DAYS);

/** The `retention.policy` setting; null keeps forever, which is the default for both. */
export const retentionPolicySchema = z.strictObject({
  /** Messages older than this many days are deleted, in rooms without an override. */
  messageDays: messageDays.nullable(),
  /** Audit entries older than this many days are removed behind a verifiable anchor. */
  auditDays: auditDays.nullable(),
  scheduleCron: z
    .string()
    .regex(DAILY_CRON_PATTERN, 'must be a daily schedule "M H * * *", e.g. "15 3 * * *"'),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

/** One room's own message retention (`retention/rooms` resource; the id is the room id). */
export const roomRetentionSchema = z.object({
  id: z.number().int(),
  roomId: z.number().int(),
  roomName: z.string(),
  /** Null: this room keeps its messages forever, whatever the global policy says. */
  messageDays: z.number().int().nullable(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.number().int().nullable(),
});
export type RoomRetention = z.infer<typeof roomRetentionSchema>;

export const ROOM_RETENTION_SORTABLE = ['id', 'roomName', 'messageDays', 'updatedAt'] as const;

/** `PUT /api/admin/retention/rooms/:roomId` (react-admin sends the whole record; only messageDays is read). */
export const roomRetentionUpdateSchema = z.object({ messageDays: messageDays.nullable() });
export type RoomRetentionUpdate = z.infer<typeof roomRetentionUpdateSchema>;

/** `POST /api/admin/retention/rooms`. */
export const roomRetentionCreateSchema = z.object({
  roomId: z.number().int().positive().max(2_147_483_647),
  messageDays: messageDays.nullable(),
});
export type RoomRetentionCreate = z.infer<typeof roomRetentionCreateSchema>;

/** `GET /api/admin/retention/preview?at=…`: what a run at that instant would delete (default: now). */
export const retentionPreviewQuerySchema = z.object({ at: z.iso.datetime({ offset: true }).optional() });
export type RetentionPreviewQuery = z.infer<typeof retentionPreviewQuerySchema>;

export const retentionRoomCountSchema = z.object({
  roomId: z.number().int(),
  roomName: z.string(),
  /** Messages created before this instant go. */
  cutoff: z.iso.datetime(),
  messages: z.number().int(),
});
export type RetentionRoomCount = z.infer<typeof retentionRoomCountSchema>;

export const retentionPreviewSchema = z.object({
  at: z.iso.datetime(),
  messages: z.number().int(),
  /** Only rooms that lose at least one message, by room id. */
  rooms: z.array(retentionRoomCountSchema),
  auditEntries: z.number().int(),
  /** Entries written before this instant go (null: the audit trail is kept forever). */
  auditCutoff: z.iso.datetime().nullable(),
  /** The newest audit entry that goes; the oldest one left follows it. */
  auditThroughId: z.number().int().nullable(),
});
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;

export const RETENTION_TRIGGERS = ['scheduled', 'manual'] as const;
export const RETENTION_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export const RETENTION_RUNS_SORTABLE = ['id', 'startedAt'] as const;

export const retentionRunSchema = z.object({
  id: z.number().int(),
  trigger: z.enum(RETENTION_TRIGGERS),
  status: z.enum(RETENTION_RUN_STATUSES),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  actorId: z.number().int().nullable(),
  messages: z.number().int(),
  roomsAffected: z.number().int(),
  reactions: z.number().int(),
  reports: z.number().int(),
  auditEntries: z.number().int(),
  /** Why the run failed, or why the audit part was skipped. */
  note: z.string().nullable(),
});
export type RetentionRun = z.infer<typeof retentionRunSchema>;

/** `POST /api/admin/retention/run`: the stored run plus the per-room counts of the preview. */
export const retentionRunResultSchema = retentionRunSchema.extend({
  rooms: z.array(retentionRoomCountSchema),
});
export type RetentionRunResult = z.infer<typeof retentionRunResultSchema>;
