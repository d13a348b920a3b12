/** Rooms whose loaded tail may have missed messages while the socket was down. */
export const stale = new Set<number>();

/**
 * The last id up to which this tab has every message of the room. Messages acknowledged to us
 * (our own sends) may sit past a gap, so the tail id alone is not a safe cursor.
 */
export const syncedIds = new Map<number, number>();

export function syncedThrough(roomId: number, fallback: number): number {
  return syncedIds.get(roomId) ?? fallback;
}
