import { EDIT_WINDOW_MINUTES, MESSAGE_MAX_LENGTH } from '@atrio/protocol';
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
    // Added later: defaults fill them in for values stored before they existed.
    roomsPerHour: z.number().int().min(1).max(10_000).default(20),
    maxSocketsPerUser: z.number().int().min(1).max(1000).default(30),
    maxSocketsPerSession: z.number().int().min(1).max(1000).default(10),
  }),
  {
    maxBodyLength: MESSAGE_MAX_LENGTH,
    messagesPerSecond: 5,
    messageBurst: 20,
    eventsPerSecond: 50,
    editWindowMinutes: EDIT_WINDOW_MINUTES,
    maxPayloadBytes: 65_536,
    roomsPerHour: 20,
    maxSocketsPerUser: 30,
    maxSocketsPerSession: 10,
  },
  'Per-user message rate and burst, per-user event rate across all their connections (a sync counts as 10 events), longest message, largest socket event, how long a message stays editable, rooms a user may create per hour (room managers are exempt), and open sockets per user and per session.',
);
