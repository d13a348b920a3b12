import { z } from 'zod';
import { defineSetting } from '../settings/setting-definition.js';

export const AI_SUMMARY_LIMITS = defineSetting(
  'ai.summaries',
  z.object({
    concurrency: z.number().int().min(1).max(8),
    maxQueue: z.number().int().min(1).max(1000),
    silenceSeconds: z.number().int().min(1).max(600),
    requestsPerHour: z.number().int().min(1).max(10_000),
    maxContextTokens: z.number().int().min(1024).max(262_144),
  }),
  { concurrency: 1, maxQueue: 20, silenceSeconds: 60, requestsPerHour: 20, maxContextTokens: 8192 },
  'AI summaries: jobs run at once (Ollama runs one model at a time on modest hardware), jobs waiting at most, seconds without a token before a job fails, requests per user per hour, and the largest context (num_ctx) asked of the model whatever its own limit (memory grows with it).',
);
