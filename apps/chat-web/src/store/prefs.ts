/** What this browser remembers between page loads, per user: drafts and the last room. */
const key = (userId: number, name: string) => `atrio.${userId}.${name}`;

export const prefs = {
  draft(userId: number, roomId: number): string {
    return localStorage.getItem(key(userId, `draft.${roomId}`)) ?? '';
  },
  setDraft(userId: number, roomId: number, text: string): void {
    if (text) localStorage.setItem(key(userId, `draft.${roomId}`), text);
    else localStorage.removeItem(key(userId, `draft.${roomId}`));
  },
  lastRoom(userId: number): number | null {
    const value = Number(localStorage.getItem(key(userId, 'lastRoom')));
    return Number.isInteger(value) && value > 0 ? value : null;
  },
  setLastRoom(userId: number, roomId: number): void {
    localStorage.setItem(key(userId, 'lastRoom'), String(roomId));
  },
  /** Rooms muted in this browser before the choice was kept in the account (read once, to carry it over). */
  mutedRooms(userId: number): number[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(key(userId, 'muted')) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((n): n is number => typeof n === 'number') : [];
    } catch {
      return [];
    }
  },
  forgetMutedRooms(userId: number): void {
    localStorage.removeItem(key(userId, 'muted'));
  },
  /** An explicit sign-out forgets what this person left on a possibly shared computer. */
  forget(userId: number): void {
    const prefix = `atrio.${userId}.`;
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const name = localStorage.key(i);
      if (name?.startsWith(prefix)) localStorage.removeItem(name);
    }
  },
};
