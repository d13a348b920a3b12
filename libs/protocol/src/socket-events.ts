import { z } from 'zod';
import type { ErrorCode } from './errors.js';
import {
  deleteMessageSchema,
  editMessageSchema,
  messageSchema,
  reactSchema,
  readMessageSchema,
  roomRefSchema,
  sendMessageSchema,
  syncSchema,
  typingSchema,
} from './messages.js';
import { presenceEventSchema, setPresenceSchema } from './presence.js';
import { roomSchema } from './rooms.js';
import { summaryProgressEventSchema, summaryReadyEventSchema } from './summaries.js';

/** The answer to every client event: `{ok: true, ...}` or the contract's error. */
export type Ack<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

const nothing = z.object({});
const withMessage = z.object({ message: messageSchema });

/**
 * Client → server events (CONTRACT.md): the payload the server validates, and what a successful
 * acknowledgement carries besides `ok: true`. The server registers its handlers from this table.
 */
export const clientEvents = {
  'room:join': { payload: roomRefSchema, ack: z.object({ room: roomSchema }) },
  'room:leave': { payload: roomRefSchema, ack: nothing },
  /**
   * A body starting with `/` runs a command: the ack then names it (`command`) and carries a
   * `notice` for the sender, a `message` (e.g. `/me`), or both; a plain send always has `message`.
   */
  'message:send': {
    payload: sendMessageSchema,
    ack: z.object({
      message: messageSchema.optional(),
      command: z.string().optional(),
      notice: z.string().optional(),
    }),
  },
  'message:edit': { payload: editMessageSchema, ack: withMessage },
  'message:delete': { payload: deleteMessageSchema, ack: nothing },
  'message:read': { payload: readMessageSchema, ack: nothing },
  /**
   * "Mark as unread": moves the caller's read mark back to just before this message (never
   * forward); the ack carries the room with its new counts, the caller's other tabs hear `read:moved`.
   */
  'message:unread': { payload: readMessageSchema, ack: z.object({ room: roomSchema }) },
  /** The message reached this client; `receipt` tells the others. */
  'message:delivered': { payload: readMessageSchema, ack: nothing },
  'message:react': { payload: reactSchema, ack: withMessage },
  typing: { payload: typingSchema, ack: nothing },
  sync: { payload: syncSchema, ack: z.object({ messages: z.array(messageSchema) }) },
  presence: { payload: setPresenceSchema, ack: nothing },
} as const satisfies Record<string, { payload: z.ZodType; ack: z.ZodType<object> }>;

export const receiptEventSchema = z.object({
  roomId: z.number(),
  userId: z.number(),
  deliveredId: z.number().nullable(),
  readId: z.number().nullable(),
});
export type ReceiptEvent = z.infer<typeof receiptEventSchema>;

export const typingEventSchema = z.object({
  roomId: z.number(),
  userId: z.number(),
  username: z.string(),
  typing: z.boolean(),
});
export type TypingEvent = z.infer<typeof typingEventSchema>;

/** Shown to the people it names: codes include MENTION (with messageId), WARNED, MUTED, KICKED, BANNED. */
export const noticeEventSchema = z.object({
  roomId: z.number().optional(),
  code: z.string(),
  message: z.string(),
  messageId: z.number().optional(),
});
export type NoticeEvent = z.infer<typeof noticeEventSchema>;

/** The caller's own read mark in a room went back ("mark as unread" in another tab or device). */
export const readMovedEventSchema = z.object({ roomId: z.number(), readId: z.number() });
export type ReadMovedEvent = z.infer<typeof readMovedEventSchema>;

export const messageDeletedEventSchema = z.object({ id: z.number(), roomId: z.number() });

/** Server → client events and their payloads. */
export const serverEvents = {
  'message:new': withMessage,
  'message:updated': withMessage,
  'message:deleted': messageDeletedEventSchema,
  receipt: receiptEventSchema,
  'read:moved': readMovedEventSchema,
  typing: typingEventSchema,
  presence: presenceEventSchema,
  /** A summary job of the caller's ended (done or failed): fetch it with `GET /api/summaries/:jobId`. */
  'summary:ready': summaryReadyEventSchema,
  /** A summary job of the caller's moved up the queue, started, or streamed more of its text. */
  'summary:progress': summaryProgressEventSchema,
  notice: noticeEventSchema,
} as const satisfies Record<string, z.ZodType<object>>;

export type ClientEventName = keyof typeof clientEvents;
export type ServerEventName = keyof typeof serverEvents;

/** What a client sends with `event` (before the server's defaults and trimming). */
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['payload']>;
/** What the server's handler of `event` receives: the payload after validation (defaults, trimming). */
export type ClientEventData<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['payload']>;
/** The successful acknowledgement of `event`, without `ok`. */
export type ClientEventAck<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['ack']>;
/** The payload of a server → client event. */
export type ServerEventPayload<E extends ServerEventName> = z.output<(typeof serverEvents)[E]>;

/** Socket.IO's client → server map (`Server<ClientToServerEvents, ServerToClientEvents>`, `Socket<…>` in clients). */
export type ClientToServerEvents = {
  [E in ClientEventName]: (
    payload: ClientEventPayload<E>,
    ack: (answer: Ack<ClientEventAck<E>>) => void,
  ) => void;
};

/** Socket.IO's server → client map. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (event: ServerEventPayload<E>) => void;
};
