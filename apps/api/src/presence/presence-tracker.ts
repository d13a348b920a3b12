import { Injectable } from '@nestjs/common';
import type { Presence } from '@atrio/protocol';

/**
 * Who is connected, across all of a user's sockets (tabs, devices), and who said they are away.
 * Per instance: with several instances, a user connected elsewhere shows as offline here.
 */
@Injectable()
export class PresenceTracker {
  private readonly sockets = new Map<number, Set<string>>();
  private readonly away = new Set<number>();

  /** Returns the user's new status when it changed. */
  connected(userId: number, socketId: string): Presence | null {
    const set = this.sockets.get(userId) ?? new Set<string>();
    const wasOnline = set.size > 0;
    set.add(socketId);
    this.sockets.set(userId, set);
    return wasOnline ? null : this.status(userId);
  }

  disconnected(userId: number, socketId: string): Presence | null {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId)) return null;
    if (set.size > 0) return null;
    this.sockets.delete(userId);
    this.away.delete(userId);
    return 'offline';
  }

  setAway(userId: number, away: boolean): Presence | null {
    if (!this.sockets.has(userId) || this.away.has(userId) === away) return null;
    if (away) this.away.add(userId);
    else this.away.delete(userId);
    return this.status(userId);
  }

  status(userId: number): Presence {
    if (!this.sockets.has(userId)) return 'offline';
    return this.away.has(userId) ? 'away' : 'online';
  }

  onlineCount(): number {
    return this.sockets.size;
  }
}
