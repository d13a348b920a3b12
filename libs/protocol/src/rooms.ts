import { z } from 'zod';
import { presenceStatusSchema } from './presence.js';
import { hasControlCharacters } from './text.js';

export const roomVisibilitySchema = z.enum(['public', 'private', 'direct']);
export type RoomVisibility = z.infer<typeof roomVisibilitySchema>;

export const roomMemberRoleSchema = z.enum(['owner', 'moderator', 'member']);
export type RoomMemberRole = z.infer<typeof roomMemberRoleSchema>;

/** A room as the contract lists it, plus topic, archive state and the caller's unread counts. */
export const roomSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  topic: z.string(),
  visibility: roomVisibilitySchema,
  memberCount: z.number(),
  joined: z.boolean(),
  archived: z.boolean(),
  /** Unread messages, counted up to UNREAD_COUNT_LIMIT. */
  unread: z.number(),
  /**
   * The caller's read watermark (a message id; 0 when not a member): what comes after it, by
   * others, is unread. Where `unread` reached its limit, this says where the unread part begins.
   */
  readId: z.number(),
  /** Unread messages that mention the caller (`@username` or `@room`), among the newest UNREAD_COUNT_LIMIT unread. */
  mentions: z.number(),
  lastMessageId: z.number().nullable(),
  myRole: roomMemberRoleSchema.nullable(),
});
export type Room = z.infer<typeof roomSchema>;

/** Room names are shown as text; control characters are refused, HTML is kept as typed and never rendered. */
const visibleText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !hasControlCharacters(value), 'must not contain control characters');

export const createRoomSchema = z.object({
  name: visibleText(80).pipe(z.string().min(1, 'is required')),
  description: visibleText(500).default(''),
  visibility: z.enum(['public', 'private']),
});
export type CreateRoom = z.infer<typeof createRoomSchema>;

export const updateRoomSchema = z.object({
  name: visibleText(80).pipe(z.string().min(1)).optional(),
  description: visibleText(500).optional(),
  topic: visibleText(250).optional(),
});
export type UpdateRoom = z.infer<typeof updateRoomSchema>;

/** `POST /api/rooms/:id/archive`: `true` archives the room, `false` brings it back. */
/** `GET /api/rooms?joined=true`: only the rooms the caller is in (the sidebar), not every public room. */
export const roomListQuerySchema = z.object({
  joined: z.enum(['true', 'false']).optional(),
});
export type RoomListQuery = z.infer<typeof roomListQuerySchema>;

/** The public room directory, paged and searchable: thousands of rooms never travel in one answer. */
export const roomDirectoryQuerySchema = z.object({
  q: z.string().trim().max(80).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type RoomDirectoryQuery = z.infer<typeof roomDirectoryQuerySchema>;
export const roomDirectorySchema = z.object({ rooms: z.array(roomSchema), total: z.number() });
export type RoomDirectory = z.infer<typeof roomDirectorySchema>;

export const archiveRoomSchema = z.object({ archived: z.boolean() });
export type ArchiveRoom = z.infer<typeof archiveRoomSchema>;

export const addMemberSchema = z.object({ userId: z.number().int().positive() });
export type AddMember = z.infer<typeof addMemberSchema>;

/** Owners name room moderators (and may hand over ownership); only `rooms.manage_any` can demote an owner. */
export const setMemberRoleSchema = z.object({ role: roomMemberRoleSchema });
export type SetMemberRole = z.infer<typeof setMemberRoleSchema>;

export const directRoomSchema = z.object({
  userIds: z.array(z.number().int().positive()).min(1).max(8),
});
export type DirectRoom = z.infer<typeof directRoomSchema>;

export const roomMemberSchema = z.object({
  userId: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: roomMemberRoleSchema,
  joinedAt: z.string(),
  mutedUntil: z.string().nullable(),
  /** The member's delivery and read watermarks (message ids); `receipt` events say when they move. */
  deliveredId: z.number(),
  readId: z.number(),
  /** Now, as this server instance sees it; `presence` events say when it changes. */
  presence: presenceStatusSchema,
});
export type RoomMember = z.infer<typeof roomMemberSchema>;

/** One row of the console's `rooms` resource (`GET /api/admin/rooms`, needs rooms.manage_any): every room. */
export const adminRoomSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  visibility: roomVisibilitySchema,
  archived: z.boolean(),
  memberCount: z.number(),
  messageCount: z.number(),
  createdAt: z.string(),
  lastMessageAt: z.string().nullable(),
  /** This room's own retention: null when it follows the global policy. */
  retention: z.object({ messageDays: z.number().nullable() }).nullable(),
});
export type AdminRoom = z.infer<typeof adminRoomSchema>;

export const ADMIN_ROOM_SORTABLE = ['id', 'name', 'createdAt'] as const;

/** The `filter` of `GET /api/admin/rooms`. */
export const adminRoomFilterSchema = z.strictObject({
  /** Part of the name or description, any case. */
  q: z.string().trim().min(1).max(200).optional(),
  visibility: roomVisibilitySchema.optional(),
  archived: z.boolean().optional(),
  id: z
    .union([z.coerce.number().int().positive(), z.array(z.coerce.number().int().positive()).max(500)])
    .optional(),
});
