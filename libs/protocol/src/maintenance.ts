import { z } from 'zod';

/** The routines of the manual's §8: daily (8.1), weekly (8.2), monthly (8.3). */
export const ROUTINE_KINDS = ['daily', 'weekly', 'monthly'] as const;
export type RoutineKind = (typeof ROUTINE_KINDS)[number];

export const ROUTINE_TRIGGERS = ['scheduled', 'manual', 'cli'] as const;
export type RoutineTrigger = (typeof ROUTINE_TRIGGERS)[number];

/** What an automatic check concludes. */
export const CHECK_STATUSES = ['ok', 'warning', 'failed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/**
 * A run is `running` while its checks run; then the worst check wins, except that a run whose
 * checks did not fail stays `pending_manual` until every manual item is ticked.
 */
export const ROUTINE_RUN_STATUSES = ['running', 'ok', 'warning', 'failed', 'pending_manual'] as const;
export type RoutineRunStatus = (typeof ROUTINE_RUN_STATUSES)[number];

/** Checks end ok/warning/failed; manual items are `pending` until an administrator ticks them (`done`). */
export const ROUTINE_ITEM_STATUSES = ['ok', 'warning', 'failed', 'pending', 'done'] as const;
export type RoutineItemStatus = (typeof ROUTINE_ITEM_STATUSES)[number];

export const ROUTINE_ITEM_TYPES = ['check', 'manual'] as const;

export const ROUTINE_RUNS_SORTABLE = ['id', 'kind', 'trigger', 'status', 'startedAt', 'finishedAt'] as const;

/** The same text in both languages of the product; clients pick by the user's language. */
export const localizedTextSchema = z.object({ en: z.string(), es: z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const routineItemDefinitionSchema = z.object({
  /** Stable: stored with every result, used in the tick URL. */
  id: z.string(),
  type: z.enum(ROUTINE_ITEM_TYPES),
  /** The section of the original manual this step comes from, e.g. "8.1". */
  manualSection: z.string(),
  title: localizedTextSchema,
  description: localizedTextSchema,
});
export type RoutineItemDefinition = z.infer<typeof routineItemDefinitionSchema>;

export const routineDefinitionSchema = z.object({
  /** The kind, so react-admin can list the definitions as a resource. */
  id: z.enum(ROUTINE_KINDS),
  kind: z.enum(ROUTINE_KINDS),
  title: localizedTextSchema,
  items: z.array(routineItemDefinitionSchema),
});
export type RoutineDefinition = z.infer<typeof routineDefinitionSchema>;

/** Measured values a check reports (counts, bytes, days…), shown as a small table. */
export const checkFiguresSchema = z.record(
  z.string(),
  z.union([z.number(), z.string(), z.boolean(), z.null()]),
);
export type CheckFigures = z.infer<typeof checkFiguresSchema>;

export const routineItemResultSchema = z.object({
  itemId: z.string(),
  type: z.enum(ROUTINE_ITEM_TYPES),
  title: localizedTextSchema,
  status: z.enum(ROUTINE_ITEM_STATUSES),
  /** A human sentence: what was found (checks) or the administrator's comment (ticked manual items). */
  message: z.string().nullable(),
  /**
   * A check's sentence in both languages (`en` is `message`). Null for manual items and for
   * results stored before checks spoke Spanish: clients then show `message`.
   */
  messageText: localizedTextSchema.nullable(),
  figures: checkFiguresSchema,
  durationMs: z.number().int().nullable(),
  tickedBy: z.number().int().nullable(),
  tickedByName: z.string().nullable(),
  tickedAt: z.iso.datetime().nullable(),
  comment: z.string().nullable(),
});
export type RoutineItemResult = z.infer<typeof routineItemResultSchema>;

export const routineRunSchema = z.object({
  id: z.number().int(),
  kind: z.enum(ROUTINE_KINDS),
  trigger: z.enum(ROUTINE_TRIGGERS),
  /** Null when the server ran it on schedule. */
  startedBy: z.number().int().nullable(),
  startedByName: z.string().nullable(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  status: z.enum(ROUTINE_RUN_STATUSES),
  /** The worst automatic check; null while running. */
  checksStatus: z.enum(CHECK_STATUSES).nullable(),
  pendingManualItems: z.number().int(),
  acknowledgedBy: z.number().int().nullable(),
  acknowledgedByName: z.string().nullable(),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgeComment: z.string().nullable(),
  items: z.array(routineItemResultSchema),
});
export type RoutineRun = z.infer<typeof routineRunSchema>;

export const routineRunFilterSchema = z.object({
  kind: z.enum(ROUTINE_KINDS).optional(),
  status: z.enum(ROUTINE_RUN_STATUSES).optional(),
  trigger: z.enum(ROUTINE_TRIGGERS).optional(),
  /** react-admin's getMany sends `{id: [..]}`. */
  id: z.union([z.number().int().positive(), z.array(z.number().int().positive()).max(500)]).optional(),
});
export type RoutineRunFilter = z.infer<typeof routineRunFilterSchema>;

/** `POST /api/admin/routines/runs`: run a routine now. */
export const startRoutineRunSchema = z.object({ kind: z.enum(ROUTINE_KINDS) });
export type StartRoutineRun = z.infer<typeof startRoutineRunSchema>;

export const ROUTINE_COMMENT_MAX = 1000;

/** `POST /api/admin/routines/runs/:id/items/:itemId/tick`: a manual item is done, and how. */
export const tickRoutineItemSchema = z.object({
  comment: z.string().trim().min(1, 'say what was done').max(ROUTINE_COMMENT_MAX),
});
export type TickRoutineItem = z.infer<typeof tickRoutineItemSchema>;

/** `POST /api/admin/routines/alerts/:id/acknowledge`. */
export const acknowledgeAlertSchema = z.object({
  comment: z.string().trim().max(ROUTINE_COMMENT_MAX).optional(),
});
export type AcknowledgeAlert = z.infer<typeof acknowledgeAlertSchema>;

/**
 * The server is in alert while the latest finished run of a routine has a failed check and nobody
 * acknowledged it; the alert's id is that run's id.
 */
export const routineAlertSchema = z.object({
  id: z.number().int(),
  kind: z.enum(ROUTINE_KINDS),
  raisedAt: z.iso.datetime(),
  failedItems: z.array(
    z.object({
      itemId: z.string(),
      title: localizedTextSchema,
      message: z.string(),
      /** `message` in both languages; null for results stored before checks spoke Spanish. */
      messageText: localizedTextSchema.nullable(),
    }),
  ),
});
export type RoutineAlert = z.infer<typeof routineAlertSchema>;

/** `maintenance.schedule`: every routine runs at `dailyTime` (server time) on its day. */
export const maintenanceScheduleSchema = z.object({
  dailyTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be "HH:MM", e.g. "07:00"'),
  /** 0 = Sunday … 6 = Saturday. */
  weeklyDay: z.number().int().min(0).max(6),
  /** 1–28, so every month has it. */
  monthlyDay: z.number().int().min(1).max(28),
});
export type MaintenanceSchedule = z.infer<typeof maintenanceScheduleSchema>;

/** `maintenance.logs`: rotated log files older than this, or beyond this total, are deleted. */
export const maintenanceLogsPolicySchema = z.object({
  maxAgeDays: z.number().int().min(1).max(3650),
  maxTotalMb: z.number().int().min(1).max(1_000_000),
});
export type MaintenanceLogsPolicy = z.infer<typeof maintenanceLogsPolicySchema>;

const percent = z.number().min(0).max(100);

/** `maintenance.thresholds`: when resource headroom is a warning or a failure. */
export const maintenanceThresholdsSchema = z
  .object({
    /** 1-minute load average per CPU core. */
    cpuLoadWarn: z.number().positive().max(1000),
    cpuLoadFail: z.number().positive().max(1000),
    memoryFreeWarnPercent: percent,
    memoryFreeFailPercent: percent,
    diskFreeWarnPercent: percent,
    diskFreeFailPercent: percent,
  })
  .refine((t) => t.cpuLoadWarn <= t.cpuLoadFail, { message: 'cpuLoadWarn must not exceed cpuLoadFail' })
  .refine((t) => t.memoryFreeWarnPercent >= t.memoryFreeFailPercent, {
    message: 'memoryFreeWarnPercent must be at least memoryFreeFailPercent',
  })
  .refine((t) => t.diskFreeWarnPercent >= t.diskFreeFailPercent, {
    message: 'diskFreeWarnPercent must be at least diskFreeFailPercent',
  });
export type MaintenanceThresholds = z.infer<typeof maintenanceThresholdsSchema>;

/** `GET /api/admin/database/check` (and `atrio db check`). */
export const databaseCheckResultSchema = z.object({
  ok: z.boolean(),
  databaseKind: z.enum(['sqlite', 'postgres']),
  checkedAt: z.iso.datetime(),
  /** What is wrong: integrity errors, foreign-key violations, invalid indexes, a schema behind the code. */
  problems: z.array(z.string()),
  schemaVersion: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** Space SQLite could give back with VACUUM; null on PostgreSQL. */
  freeBytes: z.number().int().nonnegative().nullable(),
  counts: z.object({ users: z.number().int(), rooms: z.number().int(), messages: z.number().int() }),
});
export type DatabaseCheckResult = z.infer<typeof databaseCheckResultSchema>;

/** `POST /api/admin/database/optimize` (and `atrio db optimize`). */
export const databaseOptimizeResultSchema = z.object({
  ok: z.boolean(),
  databaseKind: z.enum(['sqlite', 'postgres']),
  /** The statements run, in order, with their duration. */
  steps: z.array(z.object({ statement: z.string(), durationMs: z.number().int() })),
  vacuumed: z.boolean(),
  sizeBeforeBytes: z.number().int().nonnegative(),
  sizeAfterBytes: z.number().int().nonnegative(),
  durationMs: z.number().int(),
  message: z.string(),
});
export type DatabaseOptimizeResult = z.infer<typeof databaseOptimizeResultSchema>;
