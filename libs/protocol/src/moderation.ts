import { z } from 'zod';
import { hasControlCharacters } from './text.js';

/** A mute lasts at most 30 days; longer means a ban. */
export const MUTE_MAX_MINUTES = 43_200;
/** A timed ban lasts at most a year; without minutes it lasts until lifted. */
export const BAN_MAX_MINUTES = 525_600;

const id = z.number().int().positive().max(2_147_483_647);
const rowId = z.coerce.number().int().positive().max(2_147_483_647);

/** Free text a moderator or reporter types: shown to people, so no control characters. */
const reasonText = z
  .string()
  .trim()
  .max(500)
  .refine((value) => !hasControlCharacters(value), 'must not contain control characters');
const requiredReason = reasonText.pipe(z.string().min(1, 'is required'));

export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export const reportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof reportStatusSchema>;

/** What a moderator may do with a report; everything but `dismiss` resolves it. */
export const REPORT_ACTIONS = [
  'remove_message',
  'dismiss',
  'warn',
  'mute',
  'kick',
  'ban',
  'disable_account',
] as const;
export const reportActionSchema = z.enum(REPORT_ACTIONS);
export type ReportAction = z.infer<typeof reportActionSchema>;

/** `POST /api/reports`: any signed-in user who can read the message. */
export const createReportSchema = z.object({ messageId: id, reason: requiredReason });
export type CreateReport = z.infer<typeof createReportSchema>;

/** One report as the console's moderation queue shows it. */
export const reportSchema = z.object({
  id: z.number(),
  messageId: z.number(),
  roomId: z.number(),
  roomName: z.string(),
  reporterId: z.number(),
  reporterName: z.string(),
  reason: z.string(),
  status: reportStatusSchema,
  /** The action that closed the report (`remove_message`, `mute`, …), null while open. */
  resolution: z.string().nullable(),
  resolvedBy: z.number().nullable(),
  resolvedByName: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** The reported message; its body is empty once removed. */
  message: z.object({
    authorId: z.number().nullable(),
    authorName: z.string(),
    body: z.string(),
    createdAt: z.string(),
    deleted: z.boolean(),
  }),
});
export type Report = z.infer<typeof reportSchema>;

export const REPORT_SORTABLE = ['id', 'createdAt', 'status', 'roomId'] as const;

/** The `filter` of `GET /api/admin/reports`. */
export const reportFilterSchema = z.strictObject({
  status: reportStatusSchema.optional(),
  roomId: rowId.optional(),
  /** react-admin's getMany sends `{id: [..]}`. */
  id: z.union([rowId, z.array(rowId).max(500)]).optional(),
});
export type ReportFilter = z.infer<typeof reportFilterSchema>;

/** `POST /api/admin/reports/:id/resolve`: the action applies to the reported message or its author. */
export const resolveReportSchema = z
  .object({
    action: reportActionSchema,
    minutes: z.number().int().min(1).max(BAN_MAX_MINUTES).optional(),
    reason: reasonText.optional(),
  })
  .superRefine((value, context) => {
    if (value.action === 'mute' && value.minutes === undefined)
      context.addIssue({ code: 'custom', path: ['minutes'], message: 'is required to mute' });
    if (value.action === 'mute' && value.minutes !== undefined && value.minutes > MUTE_MAX_MINUTES)
      context.addIssue({ code: 'custom', path: ['minutes'], message: `must be at most ${MUTE_MAX_MINUTES}` });
  });
export type ResolveReport = z.infer<typeof resolveReportSchema>;

/** `POST /api/rooms/:id/moderation/mute`. */
export const muteSchema = z.object({
  userId: id,
  minutes: z.number().int().min(1).max(MUTE_MAX_MINUTES),
  reason: reasonText.optional(),
});
export type MuteInput = z.infer<typeof muteSchema>;

/** `…/kick`, `…/unmute`, `…/unban`. */
export const kickSchema = z.object({ userId: id, reason: reasonText.optional() });
export type KickInput = z.infer<typeof kickSchema>;

/** `…/ban`: without minutes the ban lasts until lifted. */
export const banSchema = z.object({
  userId: id,
  reason: reasonText.optional(),
  minutes: z.number().int().min(1).max(BAN_MAX_MINUTES).optional(),
});
export type BanInput = z.infer<typeof banSchema>;

/** `…/warn`: the reason is what the member is told. */
export const warnSchema = z.object({ userId: id, reason: requiredReason });
export type WarnInput = z.infer<typeof warnSchema>;

/** `POST /api/admin/moderation/users/:id/disable` (needs users.manage). */
export const disableAccountSchema = z.object({ reason: reasonText.optional() });
export type DisableAccount = z.infer<typeof disableAccountSchema>;

export const MODERATION_ACTIONS = ['mute', 'unmute', 'kick', 'ban', 'unban', 'warn'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** What a moderation call did: `until` is when a mute or ban ends (null: until lifted, or n/a). */
export const moderationOutcomeSchema = z.object({
  action: z.enum(MODERATION_ACTIONS),
  roomId: z.number(),
  userId: z.number(),
  until: z.string().nullable(),
});
export type ModerationOutcome = z.infer<typeof moderationOutcomeSchema>;
