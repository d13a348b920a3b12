import { api } from '../api';
import { firstUnreadId, mergeMessages, readIdBefore } from '../conversation/unread';
import { sidebarOrder } from '../rooms/room-names';
import { prefs } from './prefs';
import { releaseHold } from './reading';
import { refreshRoom, refreshRooms, sortRooms } from './room-list';
import { advanceWatermarks, emptyView, store, updateView, type RoomView } from './store';
import { syncedIds } from './sync-state';

const HISTORY_PAGE = 50;

export async function openRoom(roomId: number, focusMessageId?: number): Promise<void> {
  const me = store.get().me;
  if (!me) return;
  const alreadyOpen = store.get().activeRoomId === roomId;
  store.set({
    activeRoomId: roomId,
    focusMessage: focusMessageId ? { roomId, messageId: focusMessageId } : null,
  });
  prefs.setLastRoom(me.id, roomId);
  releaseHold(roomId);
  let room = store.get().rooms.find((r) => r.id === roomId);
  if (!room) {
    await refreshRoom(roomId);
    room = store.get().rooms.find((r) => r.id === roomId);
  }
  void loadMembers(roomId);
  const existing = store.get().views[roomId];
  if (existing?.loaded) {
    // Choosing the room already open keeps its divider where the person saw it.
    if (alreadyOpen) return focusMessageId ? ensureLoaded(roomId, focusMessageId) : undefined;
    // Re-opening: the divider moves to whatever arrived unread since.
    const divider = firstUnreadId(
      existing.messages,
      room?.unread ?? 0,
      me.id,
      existing.hasOlder,
      room?.readId,
    );
    updateView(roomId, () => ({ dividerId: divider ?? null }));
  } else {
    await loadInitial(roomId, room?.unread ?? 0, me.id, room?.readId);
  }
  if (focusMessageId) await ensureLoaded(roomId, focusMessageId);
}

async function loadInitial(roomId: number, unread: number, myId: number, readId?: number): Promise<void> {
  const { messages } = await api.history(roomId, undefined, HISTORY_PAGE);
  let view: RoomView = {
    ...emptyView(),
    messages,
    hasOlder: messages.length === HISTORY_PAGE,
    loaded: true,
  };
  syncedIds.set(roomId, messages.at(-1)?.id ?? 0);
  // Open at the first unread message: fetch older pages until the divider's place is loaded.
  let divider = firstUnreadId(view.messages, unread, myId, view.hasOlder, readId);
  while (divider === undefined) {
    const older = await api.history(roomId, view.messages[0]?.id, 200);
    view = {
      ...view,
      messages: mergeMessages(older.messages, view.messages),
      hasOlder: older.messages.length === 200,
    };
    divider = firstUnreadId(view.messages, unread, myId, view.hasOlder, readId);
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

export function moveReceipt(roomId: number, userId: number, deliveredId: number, readId: number): void {
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

/** The bell: kept in the person's settings on the server, so every device of theirs follows. */
export async function toggleMute(roomId: number): Promise<void> {
  const before = store.get().muted;
  const next = before.includes(roomId) ? before.filter((id) => id !== roomId) : [...before, roomId];
  store.set({ muted: next });
  try {
    const me = await api.updateMe({ notifications: { mutedRooms: next } });
    store.set({ me, muted: me.settings.notifications.mutedRooms ?? next });
  } catch (error) {
    store.set({ muted: before });
    throw error;
  }
}

/** The muted rooms at sign-in: the account's, or (once) what this browser kept before. */
export async function loadMutedRooms(userId: number, fromAccount: number[] | undefined): Promise<void> {
  if (fromAccount) {
    store.set({ muted: fromAccount });
    return;
  }
  const local = prefs.mutedRooms(userId);
  store.set({ muted: local });
  if (local.length === 0) return;
  try {
    await api.updateMe({ notifications: { mutedRooms: local } });
    prefs.forgetMutedRooms(userId);
  } catch {
    // Kept in this browser; carried over at the next sign-in.
  }
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
