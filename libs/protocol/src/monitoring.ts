import { z } from 'zod';

const count = z.number().int().nonnegative();

/** One minute of the console's monitoring charts. */
export const monitoringBucketSchema = z.object({
  /** End of the minute the bucket covers. */
  at: z.iso.datetime(),
  messages: count,
  loginFailures: count,
  connections: count,
  rssBytes: count,
  cpuPercent: z.number().nonnegative(),
  /** 95th percentile of REST response times in the minute; null when no request was served. */
  httpP95Ms: z.number().nonnegative().nullable(),
});

export const monitoringSummarySchema = z.object({
  now: z.object({
    connections: count,
    onlineUsers: count,
    /** Messages stored in the last complete minute. */
    messagesPerMinute: count,
    loginFailuresLastHour: count,
    memoryRss: count,
    heapUsed: count,
    cpuPercent: z.number().nonnegative(),
    eventLoopLagMs: z.number().nonnegative(),
    uptimeSeconds: z.number().nonnegative(),
  }),
  /** The last 24 hours, oldest first, one entry per minute. */
  history: z.array(monitoringBucketSchema),
});

export type MonitoringBucket = z.infer<typeof monitoringBucketSchema>;
export type MonitoringSummary = z.infer<typeof monitoringSummarySchema>;
