import { z } from 'zod';
import { hasControlCharacters } from './text.js';

export const messageKindSchema = z.enum(['text', 'me', 'system']);

/** The contract's message, plus replyToId, reactions and deletedAt. */
export const messageSchema = z.object({
  id: z.number(),
  roomId: z.number(),
  authorId: z.number().nullable(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  clientMsgId: z.string().nullable(),
  kind: messageKindSchema,
  replyToId: z.number().nullable(),
  reactions: z.record(z.string(), z.array(z.number())),
});
export type Message = z.infer<typeof messageSchema>;

const id = z.number().int().positive();

/** Text as typed: control characters other than newline and tab are refused. */
export const messageBodySchema = z
  .string()
  .refine((value) => value.trim().length > 0, 'must not be empty')
  .refine((value) => !hasControlCharacters(value), 'contains control or invalid characters');

export const sendMessageSchema = z.object({
  roomId: id,
  body: z.string(),
  clientMsgId: z.string().min(1).max(64),
  replyToId: id.optional(),
});
export type SendMessage = z.infer<typeof sendMessageSchema>;

export const editMessageSchema = z.object({ messageId: id, body: z.string() });
export const deleteMessageSchema = z.object({ messageId: id });
export const readMessageSchema = z.object({ roomId: id, messageId: id });
export const typingSchema = z.object({ roomId: id, typing: z.boolean() });
export const roomRefSchema = z.object({ roomId: id });
export const syncSchema = z.object({ roomId: id, afterId: z.number().int().min(0) });
export const reactSchema = z.object({ messageId: id, emoji: z.string().min(1).max(16) });

export const historyQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HistoryQuery = z.output<typeof historyQuerySchema>;
