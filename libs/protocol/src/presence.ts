import { z } from 'zod';

/** What a user's other room members see: online, away (idle or tab hidden) or offline. */
export const presenceStatusSchema = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof presenceStatusSchema>;

/** `presence` from a client: its user is back at the keyboard or away; offline follows from disconnecting. */
export const setPresenceSchema = z.object({ status: z.enum(['online', 'away']) });
export type SetPresence = z.infer<typeof setPresenceSchema>;

/** `presence` from the server: sent to the people who share a room with the user, and to the user's other tabs. */
export const presenceEventSchema = z.object({ userId: z.number(), status: presenceStatusSchema });
export type PresenceEvent = z.infer<typeof presenceEventSchema>;
