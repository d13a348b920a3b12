import { z } from 'zod';

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.enum(['sqlite', 'postgres']),
  /** Free space where the data folder lives; below 2 MiB health answers 503 UNAVAILABLE (disk full). */
  diskFreeBytes: z.number().optional(),
});

export type Health = z.infer<typeof healthSchema>;
