import { z } from 'zod';

/**
 * The messages a summary covers: the last N of the room (default 100, at most 1000), or with
 * `unread: true` the caller's unread ones ("catch up"; the newest N of them when there are more,
 * N defaulting to 1000 then), as `coverage` states.
 */
export const createSummarySchema = z
  .object({
    lastMessages: z.number().int().min(1).max(1000).optional(),
    unread: z.boolean().optional(),
    /** Computed at once by the server without the AI (for when it is unavailable): `kind: "extractive"`. */
    extractive: z.boolean().optional(),
  })
  .strict();
export type CreateSummary = z.input<typeof createSummarySchema>;

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
});

export const summaryJobSchema = z.object({
  id: z.string(),
  roomId: z.number().int(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
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
  position: z.number().int().optional(),
  /** The raw text the model has written so far in the current call (JSON in the making). */
  partial: z.string().optional(),
});

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
