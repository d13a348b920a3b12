import type { Message, SessionUser } from '@atrio/protocol';
import { countsAsUnread, mentions, mergeMessages } from '../conversation/unread';
import { closeSocket, openSocket, request } from '../socket';
import { notify } from './notifications';
import { outbox } from './outbox-instance';
import { prefs } from './prefs';
import { refreshRoom, refreshRooms } from './room-list';
import { markedUnreadElsewhere } from './reading';
import { loadMutedRooms, moveReceipt, openRoom } from './room-actions';
import { addNotice, flushOutbox, replaced, stopSending } from './sending';
import { store, updateRoom, updateView } from './store';
import { stale, syncedIds, syncedThrough } from './sync-state';
import { summaryProgress, summaryReady } from '../summaries';

const SYNC_PAGE = 1000;

/**
 * Delivery receipts go out at most twice a second per room, for the newest message: a busy room
 * must not spend the person's event budget (which their own sends share) one receipt per message.
 */
const deliveredQueue = new Map<number, number>();
let deliveredTimer: ReturnType<typeof setTimeout> | undefined;
function delivered(roomId: number, messageId: number): void {
  deliveredQueue.set(roomId, Math.max(deliveredQueue.get(roomId) ?? 0, messageId));
  deliveredTimer ??= setTimeout(() => {
    deliveredTimer = undefined;
    for (const [room, id] of deliveredQueue) {
      void request('message:delivered', { roomId: room, messageId: id }).catch(() => undefined);
    }
    deliveredQueue.clear();
  }, 500);
}

export async function startChat(user: SessionUser): Promise<void> {
  await outbox.load(user.id);
  await loadMutedRooms(user.id, user.settings.notifications.mutedRooms);
  await refreshRooms();
  openSocket({
    connected: (first) => void connected(first),
    disconnected: () => {
      if (store.get().connection === 'online' || store.get().connection === 'connecting') {
        store.set({ connection: navigator.onLine ? 'reconnecting' : 'offline' });
      }
      for (const id of Object.keys(store.get().views)) stale.add(Number(id));
    },
    refused,
    events: {
      'message:new': ({ message }) => received(message),
      'message:updated': ({ message }) => replaced(message),
      'message:deleted': ({ id, roomId }) => {
        updateView(roomId, (view) => ({
          messages: view.messages.map((m) => (m.id === id ? { ...m, body: '', reactions: {} } : m)),
        }));
      },
      receipt: ({ roomId, userId, deliveredId, readId }) => {
        moveReceipt(roomId, userId, deliveredId ?? 0, readId ?? 0);
        // Read in another tab or device of mine: the count follows.
        if (userId === store.get().me?.id && readId) void refreshRoom(roomId);
      },
      'read:moved': ({ roomId, readId }) => markedUnreadElsewhere(roomId, readId),
      typing: ({ roomId, userId, username, typing }) => {
        store.set((state) => {
          const room = { ...(state.typing[roomId] ?? {}) };
          if (typing) room[userId] = { username, until: Date.now() + 6000 };
          else delete room[userId];
          return { typing: { ...state.typing, [roomId]: room } };
        });
      },
      presence: ({ userId, status }) => {
        store.set((state) => ({ presence: { ...state.presence, [userId]: status } }));
      },
      'summary:progress': summaryProgress,
      'summary:ready': (ready) => void summaryReady(ready).catch(() => undefined),
      notice: ({ roomId, code, message }) => {
        if (code === 'MENTION') return; // counted from the message itself
        if (roomId) addNotice(roomId, message, code !== 'WARNED');
        if (code === 'KICKED' || code === 'BANNED') void refreshRooms();
      },
    },
  });
  document.addEventListener('visibilitychange', followVisibility);
  const rooms = store.get().rooms.filter((r) => r.joined);
  const last = prefs.lastRoom(user.id);
  const initial =
    rooms.find((r) => r.id === last) ?? rooms.find((r) => r.visibility !== 'direct') ?? rooms[0];
  if (initial) await openRoom(initial.id);
}

/** The session ended underneath us: back to sign-in, keeping drafts and the outbox. */
export function sessionLost(): void {
  if (store.get().screen.name === 'signin') return;
  closeSocket();
  stopChat();
  store.set({ screen: { name: 'signin', reason: 'expired' }, me: null });
}

const AWAY_AFTER_MS = 2 * 60_000;
let awayTimer: ReturnType<typeof setTimeout> | undefined;
let away = false;

/** A tab hidden for two minutes shows its person as away; coming back shows them online again. */
function followVisibility(): void {
  clearTimeout(awayTimer);
  if (document.visibilityState === 'hidden') {
    awayTimer = setTimeout(() => {
      away = true;
      void request('presence', { status: 'away' }).catch(() => undefined);
    }, AWAY_AFTER_MS);
  } else if (away) {
    away = false;
    void request('presence', { status: 'online' }).catch(() => undefined);
  }
}

export function stopChat(): void {
  clearTimeout(awayTimer);
  document.removeEventListener('visibilitychange', followVisibility);
  stopSending();
  stale.clear();
  store.set({
    rooms: [],
    views: {},
    activeRoomId: null,
    notices: [],
    typing: {},
    members: {},
    receipts: {},
    focusMessage: null,
    connection: 'connecting',
  });
}

async function connected(first: boolean): Promise<void> {
  store.set({ connection: 'online' });
  if (!first) {
    // Catch up: every loaded room gets exactly what it missed, then the counts.
    await Promise.all(Object.keys(store.get().views).map((id) => catchUp(Number(id))));
    await refreshRooms();
  }
  flushOutbox();
}

function refused(code: string): void {
  if (code === 'UNAUTHORIZED') sessionLost();
  else if (code === 'PASSWORD_CHANGE_REQUIRED') {
    closeSocket();
    store.set({ screen: { name: 'changePassword' } });
  } else if (code === 'TWO_FACTOR_ENROLMENT_REQUIRED') {
    closeSocket();
    store.set({ screen: { name: 'enrolTwoFactor' } });
  }
}

async function catchUp(roomId: number): Promise<void> {
  const view = store.get().views[roomId];
  if (!view?.loaded) return;
  let after = view.messages.at(-1)?.id ?? 0;
  try {
    for (;;) {
      const answer = await request('sync', { roomId, afterId: syncedThrough(roomId, after) });
      if (!answer.ok) return;
      updateView(roomId, (v) => ({ messages: mergeMessages(v.messages, answer.messages) }));
      for (const message of answer.messages) void outbox.acknowledged(message.clientMsgId ?? '');
      after = answer.messages.at(-1)?.id ?? after;
      syncedIds.set(roomId, after);
      if (answer.messages.length < SYNC_PAGE) break;
    }
    stale.delete(roomId);
  } catch {
    // Offline again: the next connection catches up from the same point.
  }
}

function received(message: Message): void {
  const state = store.get();
  const me = state.me;
  if (!me) return;
  const room = state.rooms.find((r) => r.id === message.roomId);
  if (!room || !room.joined) {
    // A direct conversation someone just started with us, or a room we were added to.
    void refreshRoom(message.roomId);
  }
  if (message.authorId === me.id && message.clientMsgId) void outbox.acknowledged(message.clientMsgId);
  // The server counts everything before a member's own message as read by them.
  if (message.authorId !== null) moveReceipt(message.roomId, message.authorId, message.id, message.id);
  const view = state.views[message.roomId];
  if (view?.loaded) {
    updateView(message.roomId, (v) => ({ messages: mergeMessages(v.messages, [message]) }));
    if (!stale.has(message.roomId))
      syncedIds.set(message.roomId, Math.max(syncedThrough(message.roomId, 0), message.id));
  }
  const unread = countsAsUnread(message, me.id);
  const mentioned = unread && mentions(message.body, me.username);
  updateRoom(message.roomId, (r) => ({
    lastMessageId: Math.max(r.lastMessageId ?? 0, message.id),
    unread: unread ? r.unread + 1 : r.unread,
    mentions: mentioned ? r.mentions + 1 : r.mentions,
  }));
  if (unread) {
    delivered(message.roomId, message.id);
    const muted = store.get().muted.includes(message.roomId);
    if (!muted && (mentioned || room?.visibility === 'direct')) notify(message, room?.name ?? '');
  }
}
