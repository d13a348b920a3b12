import type { Message } from '@atrio/protocol';
import { ApiError } from '../api';
import { mergeMessages } from '../conversation/unread';
import type { OutboxItem, SendOutcome } from '../outbox/outbox';
import { isConnected, NotDelivered, request } from '../socket';
import { outbox } from './outbox-instance';
import { refreshRooms } from './room-list';
import { store, updateView, type LocalNotice } from './store';

/** Codes after which sending the same message again cannot succeed: the person decides. */
const FINAL_CODES = new Set([
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'MUTED',
  'MESSAGE_TOO_LONG',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_COMMAND',
]);

let flushTimer: ReturnType<typeof setTimeout> | undefined;

export async function sendMessage(roomId: number, body: string, replyToId?: number): Promise<void> {
  if (body.trimStart().startsWith('/')) return runCommand(roomId, body);
  await outbox.add({
    clientMsgId: crypto.randomUUID(),
    roomId,
    body,
    ...(replyToId ? { replyToId } : {}),
    createdAt: Date.now(),
  });
  flushOutbox();
}

export function flushOutbox(): void {
  clearTimeout(flushTimer);
  void outbox.flush(sendOne).then(() => {
    const after = outbox.retryAfterMs;
    if (after !== undefined) flushTimer = setTimeout(flushOutbox, after);
  });
}

async function sendOne(item: OutboxItem): Promise<SendOutcome> {
  if (!isConnected()) return { kind: 'retry' };
  try {
    const answer = await request(
      'message:send',
      {
        roomId: item.roomId,
        body: item.body,
        clientMsgId: item.clientMsgId,
        ...(item.replyToId ? { replyToId: item.replyToId } : {}),
      },
      15_000,
    );
    if (answer.ok) {
      const view = store.get().views[item.roomId];
      const stored = answer.message;
      if (view?.loaded && stored)
        updateView(item.roomId, (v) => ({ messages: mergeMessages(v.messages, [stored]) }));
      return { kind: 'sent', message: stored };
    }
    const { code, message, details } = answer.error;
    if (code === 'RATE_LIMITED') {
      const seconds = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1;
      return { kind: 'retry', afterMs: seconds * 1000 };
    }
    if (!FINAL_CODES.has(code)) return { kind: 'retry', afterMs: 3000 };
    return { kind: 'failed', code, message };
  } catch (error) {
    if (error instanceof NotDelivered) return { kind: 'retry', afterMs: isConnected() ? 2000 : undefined };
    throw error;
  }
}

export async function retryMessage(clientMsgId: string): Promise<void> {
  await outbox.retry(clientMsgId);
  flushOutbox();
}

export function discardMessage(clientMsgId: string): Promise<void> {
  return outbox.discard(clientMsgId);
}

export function addNotice(roomId: number, text: string, error: boolean): void {
  const view = store.get().views[roomId];
  const notice: LocalNotice = {
    id: crypto.randomUUID(),
    roomId,
    afterId: view?.messages.at(-1)?.id ?? 0,
    text,
    error,
  };
  store.set((state) => ({ notices: [...state.notices.slice(-20), notice] }));
}

async function runCommand(roomId: number, body: string): Promise<void> {
  try {
    const answer = await request('message:send', { roomId, body, clientMsgId: crypto.randomUUID() }, 15_000);
    if (!answer.ok) {
      addNotice(roomId, answer.error.message, true);
      return;
    }
    if (answer.notice) addNotice(roomId, answer.notice, false);
    if (answer.message) replacedOrAdded(answer.message);
    await refreshRooms();
  } catch (error) {
    if (error instanceof NotDelivered) throw error;
    throw error;
  }
}

function replacedOrAdded(message: Message): void {
  const view = store.get().views[message.roomId];
  if (view?.loaded) updateView(message.roomId, (v) => ({ messages: mergeMessages(v.messages, [message]) }));
}

export function replaced(message: Message): void {
  updateView(message.roomId, (view) => ({
    messages: view.messages.some((m) => m.id === message.id)
      ? mergeMessages(view.messages, [message])
      : view.messages,
  }));
}

export async function editMessage(messageId: number, body: string): Promise<void> {
  const answer = await request('message:edit', { messageId, body });
  if (!answer.ok) throw new ApiError(400, answer.error.code, answer.error.message, answer.error.details);
  replaced(answer.message);
}

export async function deleteMessage(messageId: number): Promise<void> {
  const answer = await request('message:delete', { messageId });
  if (!answer.ok) throw new ApiError(400, answer.error.code, answer.error.message);
}

export async function react(messageId: number, emoji: string): Promise<void> {
  const answer = await request('message:react', { messageId, emoji });
  if (!answer.ok) throw new ApiError(400, answer.error.code, answer.error.message);
  replaced(answer.message);
}

let typingSent = 0;

let typingStop: ReturnType<typeof setTimeout> | undefined;

/** Tells the room this person is typing, at most every 3 s, and that they stopped after 4 s idle. */
export function typing(roomId: number, active: boolean): void {
  if (!isConnected()) return;
  clearTimeout(typingStop);
  if (!active) {
    if (typingSent) void request('typing', { roomId, typing: false }).catch(() => undefined);
    typingSent = 0;
    return;
  }
  if (Date.now() - typingSent > 3000) {
    typingSent = Date.now();
    void request('typing', { roomId, typing: true }).catch(() => undefined);
  }
  typingStop = setTimeout(() => typing(roomId, false), 4000);
}

export function stopSending(): void {
  clearTimeout(flushTimer);
}
