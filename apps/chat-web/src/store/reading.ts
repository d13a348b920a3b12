import { countsAsUnread, nextReadId, readIdBefore } from '../conversation/unread';
import { request } from '../socket';
import { refreshRoom } from './room-list';
import { store, updateRoom, updateView } from './store';

/** Rooms marked unread by hand: nothing in them counts as read until the room is opened again. */
const holdUnread = new Set<number>();

let readTimer: ReturnType<typeof setTimeout> | undefined;

const readQueue = new Map<number, number>();

/** The timeline reports the messages that are on screen; only a focused, visible tab reads. */
export function messagesSeen(roomId: number, ids: number[]): void {
  const view = store.get().views[roomId];
  if (!view || holdUnread.has(roomId)) return;
  const focused = document.visibilityState === 'visible' && document.hasFocus();
  const next = nextReadId(Math.max(view.readId, readQueue.get(roomId) ?? 0), ids, focused);
  if (next === null) return;
  readQueue.set(roomId, next);
  clearTimeout(readTimer);
  readTimer = setTimeout(() => void sendReads(), 300);
}

async function sendReads(): Promise<void> {
  const me = store.get().me;
  for (const [roomId, messageId] of [...readQueue]) {
    readQueue.delete(roomId);
    const view = store.get().views[roomId];
    if (!view || !me) continue;
    updateView(roomId, (v) => ({ readId: Math.max(v.readId, messageId) }));
    const remaining = view.messages.filter((m) => m.id > messageId && countsAsUnread(m, me.id)).length;
    updateRoom(roomId, (r) => ({
      unread: Math.min(r.unread, remaining),
      mentions: remaining === 0 ? 0 : r.mentions,
    }));
    try {
      const answer = await request('message:read', { roomId, messageId });
      if (answer.ok) await refreshRoom(roomId);
    } catch {
      // Offline: the server keeps the old watermark; the next time the message is seen counts.
    }
  }
}

/**
 * Marks the room unread from this message on: the divider moves there and nothing counts as read
 * until the room is opened again. The server moves the read mark back too, so a reload, another
 * tab or another device shows the same (offline, this tab still shows it until the next refresh).
 */
export async function markUnread(roomId: number, messageId: number): Promise<void> {
  const me = store.get().me;
  const view = store.get().views[roomId];
  if (!me || !view) return;
  holdUnread.add(roomId);
  readQueue.delete(roomId);
  const count = view.messages.filter((m) => m.id >= messageId && countsAsUnread(m, me.id)).length;
  updateView(roomId, () => ({ dividerId: messageId, readId: readIdBefore(view.messages, messageId) }));
  updateRoom(roomId, () => ({ unread: Math.max(count, 1) }));
  try {
    const answer = await request('message:unread', { roomId, messageId });
    if (answer.ok) updateRoom(roomId, () => answer.room);
  } catch {
    // Offline: this tab keeps showing it unread; the server's mark stays where it was.
  }
}

/** This person marked the room unread in another tab or device: follow, unless it is open here. */
export function markedUnreadElsewhere(roomId: number, readId: number): void {
  const view = store.get().views[roomId];
  if (view && store.get().activeRoomId !== roomId) {
    const first = view.messages.find((m) => m.id > readId);
    updateView(roomId, () => ({ readId, dividerId: first?.id ?? null }));
  }
  void refreshRoom(roomId);
}

/** Opening the room again ends a hand-made "unread". */
export function releaseHold(roomId: number): void {
  holdUnread.delete(roomId);
}
