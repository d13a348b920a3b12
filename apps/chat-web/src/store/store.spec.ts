import type { Room, RoomMember } from '@atrio/protocol';
import { describe, expect, it, vi } from 'vitest';
import { otherMember, roomTitle, sidebarOrder } from '../rooms/room-names';
import { advanceWatermarks, createStore, emptyView, initialState } from './store';

const room = (id: number, name: string, extra: Partial<Room> = {}): Room => ({
  id,
  name,
  description: '',
  topic: '',
  visibility: 'public',
  memberCount: 2,
  joined: true,
  archived: false,
  unread: 0,
  readId: 0,
  mentions: 0,
  lastMessageId: null,
  myRole: 'member',
  ...extra,
});
const member = (userId: number, displayName: string): RoomMember => ({
  userId,
  username: displayName.toLowerCase(),
  displayName,
  role: 'member',
  joinedAt: '',
  mutedUntil: null,
  deliveredId: 0,
  readId: 0,
  presence: 'online',
});

describe('the store', () => {
  it('notifies subscribers of each change and keeps untouched slices identical', () => {
    const store = createStore(initialState('es'));
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const rooms = store.get().rooms;
    store.set({ activeRoomId: 3 });
    store.set((s) => ({ views: { ...s.views, 3: emptyView() } }));
    expect(listener).toHaveBeenCalledTimes(2);
    expect(store.get().activeRoomId).toBe(3);
    expect(store.get().views[3]?.loaded).toBe(false);
    // Screens select slices by reference: an unrelated change must not hand them a new object.
    expect(store.get().rooms).toBe(rooms);
    unsubscribe();
    store.set({ activeRoomId: 4 });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('moves receipts forward only, whatever order they arrive in', () => {
    const first = advanceWatermarks(undefined, 5, 3)!;
    expect(first).toEqual({ deliveredId: 5, readId: 3 });
    expect(advanceWatermarks(first, 4, 2)).toBeNull();
    // Reading implies receiving.
    expect(advanceWatermarks(first, 0, 9)).toEqual({ deliveredId: 9, readId: 9 });
  });
});

describe('room names and order', () => {
  it('names a direct conversation after the other people, never after oneself', () => {
    const dm = room(1, 'Ana Ruiz, Luis Gómez', { visibility: 'direct' });
    expect(roomTitle(dm, 1, 'Ana Ruiz')).toBe('Luis Gómez');
    expect(roomTitle(dm, 2, 'Luis Gómez', [member(1, 'Ana Ruiz'), member(2, 'Luis Gómez')])).toBe('Ana Ruiz');
    expect(roomTitle(room(2, 'General'), 1, 'Ana Ruiz')).toBe('General');
    expect(otherMember(1, [member(1, 'Ana Ruiz'), member(2, 'Luis Gómez')])?.userId).toBe(2);
    expect(otherMember(1, [member(1, 'A'), member(2, 'B'), member(3, 'C')])).toBeUndefined();
  });

  it('lists joined rooms first and direct conversations after, as the sidebar does', () => {
    const rooms = [
      room(1, 'B', { visibility: 'direct' }),
      room(2, 'A'),
      room(3, 'C', { joined: false }),
      room(4, 'D', { visibility: 'private' }),
    ];
    expect(sidebarOrder(rooms).map((r) => r.id)).toEqual([2, 4, 1]);
  });
});
