import type { Room } from '@atrio/protocol';
import { api } from '../api';
import { store } from './store';

export async function refreshRooms(): Promise<void> {
  const rooms = await api.rooms();
  store.set({ rooms: sortRooms(rooms) });
}

export async function refreshRoom(roomId: number): Promise<void> {
  try {
    const room = await api.room(roomId);
    store.set((state) => ({
      rooms: state.rooms.some((r) => r.id === roomId)
        ? state.rooms.map((r) => (r.id === roomId ? room : r))
        : sortRooms([...state.rooms, room]),
    }));
  } catch {
    // The room list is refreshed on the next reconnect.
  }
}

export function sortRooms(rooms: Room[]): Room[] {
  return [...rooms].sort((a, b) => a.name.localeCompare(b.name));
}
