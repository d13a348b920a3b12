import { z } from 'zod';

/** pino's levels, least to most severe; the number is what the JSON log lines carry. */
export const LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;
const levelNames = Object.keys(LOG_LEVELS) as [LogLevel, ...LogLevel[]];

/** One line of the server's log files as the console's Logs screen shows it (manual §7.2). */
export const logEntrySchema = z.object({
  /** `<file>:<line>`: stable while the file exists. */
  id: z.string(),
  at: z.iso.datetime(),
  level: z.enum(levelNames),
  msg: z.string(),
  /** The rest of the line (context, error, request…), secrets already redacted by the logger. */
  details: z.record(z.string(), z.unknown()),
  file: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The `filter` of `GET /api/admin/logs`. */
export const logFilterSchema = z.strictObject({
  /** This level and the more severe ones. */
  level: z.enum(levelNames).optional(),
  /** Text anywhere in the line, any case. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Authentication events only (log lines about logins, sessions, lockouts). */
  auth: z.boolean().optional(),
  from: dateOrInstant.optional(),
  /** Inclusive; a bare day includes all of that day (UTC). */
  to: dateOrInstant.optional(),
});
export type LogFilter = z.infer<typeof logFilterSchema>;
