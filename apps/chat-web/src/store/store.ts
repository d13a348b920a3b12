import { useSyncExternalStore } from 'react';
import type { Message, Presence, Room, RoomMember, SessionUser } from '@atrio/protocol';
import type { Language } from '../i18n';
import type { OutboxItem } from '../outbox/outbox';

export type Connection = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** Where the app is: which screen the person sees. */
export type Screen =
  | { name: 'loading' }
  | { name: 'signin'; reason?: 'expired' | 'loggedOut' }
  | { name: 'recovery' }
  | { name: 'changePassword' }
  | { name: 'enrolTwoFactor' }
  | { name: 'chat' };

/** A line shown only to this person (a command's answer or error). */
export interface LocalNotice {
  id: string;
  roomId: number;
  afterId: number;
  text: string;
  error: boolean;
}

export interface RoomView {
  /** A contiguous run of the room's messages, oldest first. */
  messages: Message[];
  hasOlder: boolean;
  loaded: boolean;
  /** Where the "new messages" divider sits, fixed when the room was opened. */
  dividerId: number | null;
  /** This person's read watermark, as far as this tab knows. */
  readId: number;
}

export interface ChatState {
  language: Language;
  screen: Screen;
  me: SessionUser | null;
  connection: Connection;
  rooms: Room[];
  views: Record<number, RoomView>;
  activeRoomId: number | null;
  outbox: OutboxItem[];
  notices: LocalNotice[];
  typing: Record<number, Record<number, { username: string; until: number }>>;
  presence: Record<number, Presence>;
  members: Record<number, RoomMember[]>;
  /** roomId → userId → watermarks, from receipt events. */
  receipts: Record<number, Record<number, Watermarks>>;
  /** Rooms whose notifications this person silenced (kept in their account settings). */
  muted: number[];
  /** A message to bring into view (search result, jump to unread). */
  focusMessage: { roomId: number; messageId: number } | null;
  windowFocused: boolean;
}

export function initialState(language: Language): ChatState {
  return {
    language,
    screen: { name: 'loading' },
    me: null,
    connection: 'connecting',
    rooms: [],
    views: {},
    activeRoomId: null,
    outbox: [],
    notices: [],
    typing: {},
    presence: {},
    members: {},
    receipts: {},
    muted: [],
    focusMessage: null,
    windowFocused: true,
  };
}

/** One store for the whole tab, fed by the socket and the REST calls; screens read slices of it. */
export function createStore<S>(initial: S) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(update: Partial<S> | ((current: S) => Partial<S>)) {
      const patch = typeof update === 'function' ? update(state) : update;
      state = { ...state, ...patch };
      listeners.forEach((listener) => listener());
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const store = createStore<ChatState>(initialState('es'));

export function useChat<T>(select: (state: ChatState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

export interface Watermarks {
  deliveredId: number;
  readId: number;
}

/** Receipts only move forward, whichever of the member list, an event or an inference comes first; null when nothing moved. */
export function advanceWatermarks(
  before: Watermarks | undefined,
  deliveredId: number,
  readId: number,
): Watermarks | null {
  const current = before ?? { deliveredId: 0, readId: 0 };
  const next = {
    deliveredId: Math.max(current.deliveredId, deliveredId, readId),
    readId: Math.max(current.readId, readId),
  };
  return before && next.deliveredId === current.deliveredId && next.readId === current.readId ? null : next;
}

export function emptyView(): RoomView {
  return { messages: [], hasOlder: true, loaded: false, dividerId: null, readId: 0 };
}

export function updateView(roomId: number, change: (view: RoomView) => Partial<RoomView>): void {
  store.set((state) => {
    const view = state.views[roomId] ?? emptyView();
    return { views: { ...state.views, [roomId]: { ...view, ...change(view) } } };
  });
}

export function updateRoom(roomId: number, change: (room: Room) => Partial<Room>): void {
  store.set((state) => ({
    rooms: state.rooms.map((room) => (room.id === roomId ? { ...room, ...change(room) } : room)),
  }));
}
