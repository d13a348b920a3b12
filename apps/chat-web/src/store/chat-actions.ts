import type { Message, Room, SessionUser } from '@atrio/protocol';
import { api, ApiError } from '../api';
import {
  countsAsUnread,
  firstUnreadId,
  mentions,
  mergeMessages,
  nextReadId,
  readIdBefore,
} from '../conversation/unread';
import type { OutboxItem, SendOutcome } from '../outbox/outbox';
import { sidebarOrder } from '../rooms/room-names';
import { closeSocket, isConnected, NotDelivered, openSocket, request } from '../socket';
import { notify } from './notifications';
import { outbox } from './outbox-instance';
import { prefs } from './prefs';
import {
  advanceWatermarks,
  emptyView,
  store,
  updateRoom,
  updateView,
  type LocalNotice,
  type RoomView,
} from './store';

const HISTORY_PAGE = 50;
const SYNC_PAGE = 1000;
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

/** Per room: whether the loaded tail may have missed messages while the socket was down. */
const stale = new Set<number>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

export async function startChat(user: SessionUser): Promise<void> {
  await outbox.load(user.id);
  store.set({ muted: prefs.mutedRooms(user.id) });
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
      notice: ({ roomId, code, message }) => {
        if (code === 'MENTION') return; // counted from the message itself
        if (roomId) addNotice(roomId, message, code !== 'WARNED');
        if (code === 'KICKED' || code === 'BANNED') void refreshRooms();
      },
    },
  });
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

export function stopChat(): void {
  clearTimeout(flushTimer);
  stale.clear();
  store.set({
    rooms: [],
    views: {},
    activeRoomId: null,
    notices: [],
    typing: {},
    members: {},
    receipts: {},
    mentions: {},
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

/**
 * The last id up to which this tab has every message of the room. Messages acknowledged to us
 * (our own sends) may sit past a gap, so the tail id alone is not a safe cursor.
 */
const syncedIds = new Map<number, number>();
function syncedThrough(roomId: number, fallback: number): number {
  return syncedIds.get(roomId) ?? fallback;
}

export async function refreshRooms(): Promise<void> {
  const rooms = await api.rooms();
  store.set({ rooms: sortRooms(rooms) });
}

async function refreshRoom(roomId: number): Promise<void> {
  try {
    const room = await api.room(roomId);
    store.set((state) => ({
      rooms: state.rooms.some((r) => r.id === roomId)
        ? state.rooms.map((r) => (r.id === roomId ? room : r))
        : sortRooms([...state.rooms, room]),
    }));
    if (room.unread === 0) store.set((state) => ({ mentions: { ...state.mentions, [roomId]: 0 } }));
  } catch {
    // The room list is refreshed on the next reconnect.
  }
}

function sortRooms(rooms: Room[]): Room[] {
  return [...rooms].sort((a, b) => a.name.localeCompare(b.name));
}

export async function openRoom(roomId: number, focusMessageId?: number): Promise<void> {
  const me = store.get().me;
  if (!me) return;
  store.set({
    activeRoomId: roomId,
    focusMessage: focusMessageId ? { roomId, messageId: focusMessageId } : null,
  });
  prefs.setLastRoom(me.id, roomId);
  holdUnread.delete(roomId);
  let room = store.get().rooms.find((r) => r.id === roomId);
  if (!room) {
    await refreshRoom(roomId);
    room = store.get().rooms.find((r) => r.id === roomId);
  }
  void loadMembers(roomId);
  const existing = store.get().views[roomId];
  if (existing?.loaded) {
    // Re-opening: the divider moves to whatever arrived unread since.
    const divider = firstUnreadId(existing.messages, room?.unread ?? 0, me.id, existing.hasOlder);
    updateView(roomId, () => ({ dividerId: divider ?? null }));
  } else {
    await loadInitial(roomId, room?.unread ?? 0, me.id);
  }
  if (focusMessageId) await ensureLoaded(roomId, focusMessageId);
}

async function loadInitial(roomId: number, unread: number, myId: number): Promise<void> {
  const { messages } = await api.history(roomId, undefined, HISTORY_PAGE);
  let view: RoomView = {
    ...emptyView(),
    messages,
    hasOlder: messages.length === HISTORY_PAGE,
    loaded: true,
  };
  syncedIds.set(roomId, messages.at(-1)?.id ?? 0);
  // Open at the first unread message: fetch older pages until the divider's place is loaded.
  let divider = firstUnreadId(view.messages, unread, myId, view.hasOlder);
  while (divider === undefined) {
    const older = await api.history(roomId, view.messages[0]?.id, 200);
    view = {
      ...view,
      messages: mergeMessages(older.messages, view.messages),
      hasOlder: older.messages.length === 200,
    };
    divider = firstUnreadId(view.messages, unread, myId, view.hasOlder);
  }
  view = { ...view, dividerId: divider, readId: readIdBefore(view.messages, divider) };
  store.set((state) => ({
    views: {
      ...state.views,
      [roomId]: { ...view, messages: mergeMessages(view.messages, state.views[roomId]?.messages ?? []) },
    },
  }));
}

/** Loads history back to a message (a search result or a reply's original). */
async function ensureLoaded(roomId: number, messageId: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const view = store.get().views[roomId];
    if (!view || view.messages.some((m) => m.id <= messageId) || !view.hasOlder) return;
    await loadOlder(roomId, 200);
  }
}

const loadingOlder = new Set<number>();
export async function loadOlder(roomId: number, limit = HISTORY_PAGE): Promise<void> {
  const view = store.get().views[roomId];
  if (!view?.hasOlder || loadingOlder.has(roomId)) return;
  loadingOlder.add(roomId);
  try {
    const { messages } = await api.history(roomId, view.messages[0]?.id, limit);
    updateView(roomId, (v) => ({
      messages: mergeMessages(messages, v.messages),
      hasOlder: messages.length === limit,
    }));
  } finally {
    loadingOlder.delete(roomId);
  }
}

function moveReceipt(roomId: number, userId: number, deliveredId: number, readId: number): void {
  store.set((state) => {
    const room = state.receipts[roomId] ?? {};
    const after = advanceWatermarks(room[userId], deliveredId, readId);
    return after ? { receipts: { ...state.receipts, [roomId]: { ...room, [userId]: after } } } : {};
  });
}

async function loadMembers(roomId: number): Promise<void> {
  try {
    const members = await api.members(roomId);
    store.set((state) => {
      const presence = { ...state.presence };
      for (const m of members) presence[m.userId] = m.presence;
      return { members: { ...state.members, [roomId]: members }, presence };
    });
    for (const m of members) moveReceipt(roomId, m.userId, m.deliveredId, m.readId);
  } catch {
    // Members are a nicety (presence dots, autocompletion); the room works without them.
  }
}

/** Loads the member lists of direct conversations, for their presence dots. */
export function loadDirectPresence(): void {
  for (const room of store.get().rooms) {
    if (room.visibility === 'direct' && room.joined && !store.get().members[room.id])
      void loadMembers(room.id);
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
  updateRoom(message.roomId, (r) => ({
    lastMessageId: Math.max(r.lastMessageId ?? 0, message.id),
    unread: countsAsUnread(message, me.id) ? r.unread + 1 : r.unread,
  }));
  if (countsAsUnread(message, me.id)) {
    void request('message:delivered', { roomId: message.roomId, messageId: message.id }).catch(
      () => undefined,
    );
    const mentioned = mentions(message.body, me.username);
    if (mentioned) {
      store.set((s) => ({
        mentions: { ...s.mentions, [message.roomId]: (s.mentions[message.roomId] ?? 0) + 1 },
      }));
    }
    const muted = store.get().muted.includes(message.roomId);
    if (!muted && (mentioned || room?.visibility === 'direct')) notify(message, room?.name ?? '');
  }
}

function replaced(message: Message): void {
  updateView(message.roomId, (view) => ({
    messages: view.messages.some((m) => m.id === message.id)
      ? mergeMessages(view.messages, [message])
      : view.messages,
  }));
}

// ---- reading ----

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
    updateRoom(roomId, (r) => ({ unread: Math.min(r.unread, remaining) }));
    if (remaining === 0) store.set((s) => ({ mentions: { ...s.mentions, [roomId]: 0 } }));
    try {
      const answer = await request('message:read', { roomId, messageId });
      if (answer.ok) await refreshRoom(roomId);
    } catch {
      // Offline: the server keeps the old watermark; the next time the message is seen counts.
    }
  }
}

/**
 * Marks the room unread from this message on, in this tab: the divider moves there and nothing
 * counts as read until the room is opened again. The server's read watermark only moves forward,
 * so other devices keep their own state.
 */
export function markUnread(roomId: number, messageId: number): void {
  const me = store.get().me;
  const view = store.get().views[roomId];
  if (!me || !view) return;
  holdUnread.add(roomId);
  const count = view.messages.filter((m) => m.id >= messageId && countsAsUnread(m, me.id)).length;
  updateView(roomId, () => ({ dividerId: messageId, readId: readIdBefore(view.messages, messageId) }));
  updateRoom(roomId, () => ({ unread: Math.max(count, 1) }));
}

// ---- sending ----

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

function addNotice(roomId: number, text: string, error: boolean): void {
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

// ---- rooms ----

export async function joinRoom(roomId: number): Promise<void> {
  const room = await api.joinRoom(roomId);
  store.set((state) => ({
    rooms: sortRooms([...state.rooms.filter((r) => r.id !== roomId), room]),
  }));
  await openRoom(roomId);
}

export async function leaveRoom(roomId: number): Promise<void> {
  await api.leaveRoom(roomId);
  store.set((state) => {
    const views = { ...state.views };
    delete views[roomId];
    return { views, activeRoomId: state.activeRoomId === roomId ? null : state.activeRoomId };
  });
  await refreshRooms();
}

export async function createRoom(input: {
  name: string;
  description: string;
  visibility: 'public' | 'private';
}): Promise<void> {
  const room = await api.createRoom(input);
  store.set((state) => ({ rooms: sortRooms([...state.rooms.filter((r) => r.id !== room.id), room]) }));
  await openRoom(room.id);
}

export async function startDirect(userIds: number[]): Promise<void> {
  const room = await api.direct(userIds);
  store.set((state) => ({ rooms: sortRooms([...state.rooms.filter((r) => r.id !== room.id), room]) }));
  await openRoom(room.id);
}

export function toggleMute(roomId: number): void {
  const me = store.get().me;
  if (!me) return;
  const muted = prefs.mutedRooms(me.id);
  const next = muted.includes(roomId) ? muted.filter((id) => id !== roomId) : [...muted, roomId];
  prefs.setMutedRooms(me.id, next);
  store.set({ muted: next });
}

/** Alt+↑/↓: the next or previous joined room in sidebar order. */
export function moveRoom(step: 1 | -1): void {
  const { rooms, activeRoomId } = store.get();
  const order = sidebarOrder(rooms);
  if (order.length === 0) return;
  const index = order.findIndex((r) => r.id === activeRoomId);
  const next = order[(index + step + order.length) % order.length]!;
  void openRoom(next.id);
}
