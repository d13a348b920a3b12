import type { Message } from '@atrio/protocol';
import { UNREAD_COUNT_LIMIT } from '@atrio/protocol/constants.js';

/** Deleted messages keep their place with an empty body (the server blanks them). */
export function isDeleted(message: Message): boolean {
  return message.kind !== 'system' && message.body === '';
}

/** What the server counts as unread: someone else's live message (not system, not deleted). */
export function countsAsUnread(message: Message, myId: number): boolean {
  return message.kind !== 'system' && !isDeleted(message) && message.authorId !== myId;
}

export function unreadAfter(messages: readonly Message[], readId: number, myId: number): number {
  let count = 0;
  for (const message of messages) if (message.id > readId && countsAsUnread(message, myId)) count++;
  return count;
}

/**
 * Where the "new messages" divider goes, from the server's unread count and the loaded tail of the
 * room: the unread-th countable message from the end. A count at UNREAD_COUNT_LIMIT means "that
 * many or more", so there the divider goes after the read watermark instead. `undefined` means
 * older history must be loaded first; `null` means nothing is unread.
 */
export function firstUnreadId(
  messages: readonly Message[],
  unread: number,
  myId: number,
  hasOlder: boolean,
  readId?: number,
): number | null | undefined {
  if (unread <= 0) return null;
  if (unread >= UNREAD_COUNT_LIMIT && readId !== undefined) {
    if (hasOlder && (messages[0]?.id ?? 0) > readId) return undefined;
    return messages.find((m) => m.id > readId && countsAsUnread(m, myId))?.id ?? null;
  }
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (!countsAsUnread(message, myId)) continue;
    seen++;
    if (seen === unread) return message.id;
  }
  if (hasOlder) return undefined;
  // Fewer unread messages exist than the count says (deleted meanwhile): start at the oldest one.
  return messages.find((m) => countsAsUnread(m, myId))?.id ?? null;
}

/** The id just before the first unread message: the read watermark that the divider implies. */
export function readIdBefore(messages: readonly Message[], firstUnread: number | null): number {
  if (firstUnread === null) return messages.at(-1)?.id ?? 0;
  let previous = 0;
  for (const message of messages) {
    if (message.id >= firstUnread) break;
    previous = message.id;
  }
  return previous;
}

/**
 * The newest message that may be marked read: only messages that have been on screen while the
 * tab had focus count, so a message scrolled past in a background tab stays unread.
 */
export function nextReadId(current: number, seenIds: Iterable<number>, focused: boolean): number | null {
  if (!focused) return null;
  let best = current;
  for (const id of seenIds) if (id > best) best = id;
  return best > current ? best : null;
}

/** Sorted by id, one copy each; an incoming copy replaces the stored one (edits, reactions). */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return existing as Message[];
  // The common case, a live message after the newest one: append without rebuilding the list.
  const last = existing.at(-1)?.id ?? 0;
  if (incoming.length === 1 && incoming[0]!.id > last) return [...existing, incoming[0]!];
  const byId = new Map<number, Message>();
  for (const message of existing) byId.set(message.id, message);
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The server's own pattern (messages/mentions.ts). */
const MENTION = /(^|[^\p{L}\p{N}._-])@([a-z0-9][a-z0-9._-]{1,63})/giu;

/** `@name` mentions of this user (or `@room`), as the server recognises them. */
export function mentions(body: string, username: string): boolean {
  for (const match of body.matchAll(MENTION)) {
    const name = match[2]!.toLowerCase().replace(/[._-]+$/, '');
    if (name === username.toLowerCase() || name === 'room' || name === 'all' || name === 'here') return true;
  }
  return false;
}
