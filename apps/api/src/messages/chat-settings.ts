import { z } from 'zod';
import { defineSetting } from '../settings/setting-definition.js';

export const CHAT_LIMITS = defineSetting(
  'chat.limits',
  z.object({
    maxBodyLength: z.number().int().min(100).max(20_000),
    messagesPerSecond: z.number().min(0.1).max(10_000),
    messageBurst: z.number().int().min(1).max(10_000),
    eventsPerSecond: z.number().int().min(1).max(100_000),
    editWindowMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    maxPayloadBytes: z.number().int().min(1024).max(1_048_576),
  }),
  {
    maxBodyLength: 4000,
    messagesPerSecond: 5,
    messageBurst: 20,
    eventsPerSecond: 50,
    editWindowMinutes: 15,
    maxPayloadBytes: 65_536,
  },
  'Per-user message rate and burst, per-connection event rate, longest message, largest socket event, and how long a message stays editable.',
);
