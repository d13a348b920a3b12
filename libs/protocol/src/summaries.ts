import { z } from 'zod';
import { SUMMARY_RANGE_LIMITS } from './summary-limits.js';

export { SUMMARY_RANGE_LIMITS };

const instant = z.iso.datetime({ offset: true });

/**
 * The messages a summary covers: the last N of the room (default 100, at most 1000); with
 * `unread: true` the caller's unread ones ("catch up"; the newest N of them when there are more,
 * N defaulting to 1000 then); or with `since` (and `until`, default now) the messages of a time
 * range (the newest N of them, default 1000). `coverage` states exactly what was read.
 */
export const createSummarySchema = z
  .object({
    lastMessages: z.number().int().min(1).max(1000).optional(),
    unread: z.boolean().optional(),
    /** ISO instant with its offset (`2026-12-07T09:00:00Z`): the first moment covered. */
    since: instant.optional(),
    /** ISO instant, after `since`, at most `futureMarginSeconds` in the future; default: now. */
    until: instant.optional(),
    /** Computed at once by the server without the AI (for when it is unavailable): `kind: "extractive"`. */
    extractive: z.boolean().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (value.until !== undefined && value.since === undefined)
      return issue('since', 'is required with until');
    if (value.since === undefined) return;
    if (value.unread) return issue('unread', 'cannot be combined with a time range');
    const since = Date.parse(value.since);
    const until = value.until === undefined ? Date.now() : Date.parse(value.until);
    const now = Date.now();
    if (since >= now) return issue('since', 'must be in the past');
    if (until <= since) return issue('until', 'must be after since');
    if (until > now + SUMMARY_RANGE_LIMITS.futureMarginSeconds * 1000)
      return issue('until', 'must not be in the future');
    if (until - since > SUMMARY_RANGE_LIMITS.maxDays * 86_400_000)
      return issue('until', `must be at most ${SUMMARY_RANGE_LIMITS.maxDays} days after since`);
  });
export type CreateSummary = z.input<typeof createSummarySchema>;

/**
 * Why a job exists: asked for by its requester, or automatic (low priority, never ahead of one
 * asked for): `catch-up` when its member came back to a room with many unread messages,
 * `digest` the room's daily digest, delivered to every member.
 */
export const summaryTriggerSchema = z.enum(['on-demand', 'catch-up', 'digest']);
export type SummaryTrigger = z.infer<typeof summaryTriggerSchema>;

export const summaryJobCreatedSchema = z.object({
  jobId: z.string(),
  /** 1 = next to run; 0 = running already. */
  position: z.number().int().min(0),
});

/** Why a job failed: stable codes the clients translate. */
export const summaryFailureCodeSchema = z.enum([
  /** Ollama did not answer at all (down, wrong OLLAMA_HOST). */
  'AI_UNREACHABLE',
  /** The configured model is not pulled on the Ollama server. */
  'AI_MODEL_MISSING',
  /** Ollama answered an HTTP error (out of memory, overloaded…). */
  'AI_HTTP_ERROR',
  /** No token arrived for the configured number of seconds. */
  'AI_TIMEOUT',
  /** The answer was not the JSON asked for, twice. */
  'AI_BAD_OUTPUT',
  /** The model answered nothing, twice. */
  'AI_EMPTY_OUTPUT',
  /** The requester cancelled the job or left the room. */
  'CANCELLED',
  /** A fault of the server itself (its log says more). */
  'INTERNAL',
  /** The room has no message to summarise. */
  'NOTHING_TO_SUMMARISE',
  /** The server stopped before the job ended (it was queued or running then): ask again. */
  'INTERRUPTED',
]);
export type SummaryFailureCode = z.infer<typeof summaryFailureCodeSchema>;

const cited = { messageIds: z.array(z.number().int()).min(1) };

export const summaryItemSchema = z.object({ text: z.string().min(1), ...cited });
export const actionItemSchema = z.object({
  text: z.string().min(1),
  /** A member of the room, by username; null when the model named none (or no member). */
  owner: z.string().nullable(),
  ...cited,
});
export type SummaryItem = z.infer<typeof summaryItemSchema>;
export type ActionItem = z.infer<typeof actionItemSchema>;

/** Exactly which messages the summary read. */
export const summaryCoverageSchema = z.object({
  firstMessageId: z.number().int(),
  lastMessageId: z.number().int(),
  from: z.string(),
  to: z.string(),
  count: z.number().int(),
  /** How many model calls it took: 1, or the chunks plus the merge (map-reduce). */
  chunks: z.number().int(),
  /** Items the server dropped because their citations were not among the covered messages. */
  droppedItems: z.number().int(),
  /** How many different people wrote the covered messages. */
  people: z.number().int().optional(),
});

export const summaryJobSchema = z.object({
  id: z.string(),
  roomId: z.number().int(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** Absent in answers of older servers: read it as `on-demand`. */
  trigger: summaryTriggerSchema.optional(),
  /** While queued: 1 = next to run. */
  position: z.number().int().optional(),
  /** `extractive`: quoted messages chosen by the server, not written by the AI (say so to the reader). */
  kind: z.enum(['ai', 'extractive']),
  model: z.string(),
  /** The result of an earlier job over the same messages with the same model (no model call). */
  cached: z.boolean().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  summary: z.string().optional(),
  keyPoints: z.array(summaryItemSchema).optional(),
  decisions: z.array(summaryItemSchema).optional(),
  actionItems: z.array(actionItemSchema).optional(),
  /** Extractive summaries only: questions nobody answered in the range. */
  unansweredQuestions: z.array(summaryItemSchema).optional(),
  coverage: summaryCoverageSchema.optional(),
  error: z.object({ code: summaryFailureCodeSchema, message: z.string() }).optional(),
});
export type SummaryJob = z.infer<typeof summaryJobSchema>;

/** Streamed to the requester's sockets while a job is queued or running. */
export const summaryProgressEventSchema = z.object({
  jobId: z.string(),
  roomId: z.number(),
  status: z.enum(['queued', 'running']),
  trigger: summaryTriggerSchema.optional(),
  position: z.number().int().optional(),
  /** The raw text the model has written so far in the current call (JSON in the making). */
  partial: z.string().optional(),
});

/** Announced to the requester (every member, for a digest) when a job ends, done or failed. */
export const summaryReadyEventSchema = z.object({
  roomId: z.number(),
  jobId: z.string(),
  trigger: summaryTriggerSchema.optional(),
  status: z.enum(['done', 'failed']).optional(),
});

/** A room's summaries the caller may read: their own jobs and the room's digests, newest first. */
export const summaryListSchema = z.object({ summaries: z.array(summaryJobSchema) });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');
const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Madrid');

/**
 * A room's daily digest: every day at `at` (in `timeZone`) the messages since the last digest
 * (at most the last 24 hours) are summarised at low priority and delivered to every member;
 * nothing is sent on a day when nothing new was said. Only the room's owners change it.
 */
export const roomDigestSchema = z.object({
  roomId: z.number().int(),
  enabled: z.boolean(),
  at: clockTime,
  timeZone: z.string(),
  /** When the last digest was made (or skipped because nothing was said). */
  lastRunAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  /** Whether the caller may change it (an owner of the room or an administrator). */
  canEdit: z.boolean(),
});
export type RoomDigest = z.infer<typeof roomDigestSchema>;

export const updateRoomDigestSchema = z.object({ enabled: z.boolean(), at: clockTime, timeZone }).strict();
export type UpdateRoomDigest = z.infer<typeof updateRoomDigestSchema>;

export const aiStatusSchema = z.object({
  host: z.string(),
  model: z.string(),
  reachable: z.boolean(),
  version: z.string().nullable(),
  modelPresent: z.boolean(),
  /** The model's context window from /api/show, when known. */
  contextLength: z.number().int().nullable(),
  loaded: z.array(
    z.object({ name: z.string(), sizeBytes: z.number(), vramBytes: z.number(), expiresAt: z.string() }),
  ),
  queue: z.object({ queued: z.number().int(), running: z.number().int(), max: z.number().int() }),
  /** Failures of the last 24 hours, by cause. */
  recentFailures: z.record(z.string(), z.number().int()),
  error: z.string().optional(),
});
export type AiStatus = z.infer<typeof aiStatusSchema>;
