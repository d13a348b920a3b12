import type { ErrorCode } from './errors.js';
import type { Message } from './messages.js';
import type { Room } from './rooms.js';

export type Ack<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

type Handler<P, R extends object = object> = (payload: P, ack: (answer: Ack<R>) => void) => void;

/** Client → server events (CONTRACT.md); every one takes an acknowledgement callback. */
export interface ClientToServerEvents {
  'room:join': Handler<{ roomId: number }, { room: Room }>;
  'room:leave': Handler<{ roomId: number }>;
  'message:send': Handler<
    { roomId: number; body: string; clientMsgId: string; replyToId?: number },
    { message: Message }
  >;
  'message:edit': Handler<{ messageId: number; body: string }, { message: Message }>;
  'message:delete': Handler<{ messageId: number }>;
  'message:read': Handler<{ roomId: number; messageId: number }>;
  'message:react': Handler<{ messageId: number; emoji: string }, { message: Message }>;
  typing: Handler<{ roomId: number; typing: boolean }>;
  sync: Handler<{ roomId: number; afterId: number }, { messages: Message[] }>;
}

export type Presence = 'online' | 'away' | 'offline';

/** Server → client events. */
export interface ServerToClientEvents {
  'message:new': (event: { message: Message }) => void;
  'message:updated': (event: { message: Message }) => void;
  'message:deleted': (event: { id: number; roomId: number }) => void;
  receipt: (event: {
    roomId: number;
    userId: number;
    deliveredId: number | null;
    readId: number | null;
  }) => void;
  typing: (event: { roomId: number; userId: number; username: string; typing: boolean }) => void;
  presence: (event: { userId: number; status: Presence }) => void;
  'summary:ready': (event: { roomId: number; jobId: string }) => void;
  /** Codes include MENTION (with messageId), WARNED, MUTED, KICKED, BANNED. */
  notice: (event: { roomId?: number; code: string; message: string; messageId?: number }) => void;
}
