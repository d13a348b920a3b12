import type { Room, RoomMember } from '@atrio/protocol';

/** A direct conversation is named after the other people in it, never after oneself. */
export function roomTitle(room: Room, myId: number, myName: string, members?: RoomMember[]): string {
  if (room.visibility !== 'direct') return room.name;
  if (members && members.length > 0) {
    const others = members.filter((m) => m.userId !== myId).map((m) => m.displayName);
    if (others.length > 0) return others.join(', ');
  }
  const parts = room.name.split(', ');
  const others = parts.filter((part) => part !== myName);
  return (others.length > 0 ? others : parts).join(', ');
}

/** The other person of a one-to-one conversation (for the presence dot). */
export function otherMember(myId: number, members?: RoomMember[]): RoomMember | undefined {
  const others = members?.filter((m) => m.userId !== myId) ?? [];
  return others.length === 1 ? others[0] : undefined;
}

/** The sidebar's order, which Alt+↑/↓ and the quick switcher follow: rooms first, then conversations. */
export function sidebarOrder(rooms: Room[]): Room[] {
  const joined = rooms.filter((r) => r.joined);
  return [
    ...joined.filter((r) => r.visibility !== 'direct'),
    ...joined.filter((r) => r.visibility === 'direct'),
  ];
}

/** A room's unread badge: the server counts up to 100 (protocol's UNREAD_COUNT_LIMIT), shown as 99+. */
export function unreadBadge(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}
