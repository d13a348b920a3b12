import { Injectable } from '@nestjs/common';
import type { Message, SummaryTrigger } from '@atrio/protocol';
import type { Actor } from './actor.js';
import { EventEmitter } from 'node:events';

/**
 * The in-process event map: features announce what happened; audit, metrics and sockets listen
 * without the announcing feature importing them.
 */
export interface AppEventMap {
  /** Sessions that no longer grant access (logout, revocation, password change, expiry). */
  'sessions.revoked': { userId: number; sessionIds: string[]; reason: string };
  'auth.login.failed': { username: string; ip: string; locked: boolean };
  'auth.login.succeeded': { userId: number; ip: string };
  'user.locked': { userId: number | null; username: string; until: Date };
  'message.created': { message: Message };
  'message.updated': { message: Message };
  'message.deleted': { id: number; roomId: number };
  /** A user became a member (their sockets should join the room's channel) or stopped being one. */
  'room.member.joined': { roomId: number; userId: number };
  'room.member.left': { roomId: number; userId: number; reason: 'left' | 'kicked' | 'banned' };
  'room.receipt': { roomId: number; userId: number; deliveredId: number | null; readId: number | null };
  /** A member moved their own read mark back ("mark as unread"): their other sockets hear `read:moved`. */
  'room.read.moved': { roomId: number; userId: number; readId: number };
  'room.notice': { roomId: number; userId?: number; code: string; message: string; messageId?: number };
  /** A TCP connection was closed by the connection guard: over a cap, or silent past its deadline. */
  'connection.refused': { reason: 'per_address' | 'total' | 'idle'; address: string };
  /** A socket handshake was refused; `reason` is the contract code sent as the connect_error. */
  'socket.refused': { reason: string };
  /** A client event was answered: `outcome` is `ok` or the error code of the ack. */
  'socket.event.handled': { event: string; outcome: string; seconds: number };
  /** A summary job ended (done or failed): its requester's sockets hear `summary:ready`. */
  'summary.ready': {
    userId: number;
    roomId: number;
    jobId: string;
    trigger: SummaryTrigger;
    status: 'done' | 'failed';
  };
  /** A summary job moved up the queue, started, or streamed more text. */
  'summary.progress': {
    userId: number;
    jobId: string;
    roomId: number;
    status: 'queued' | 'running';
    trigger: SummaryTrigger;
    position?: number;
    partial?: string;
  };
  /** A user's first socket connected (they were offline): automatic catch-ups look at their rooms. */
  'user.online': { actor: Actor };
  /** An administrator changed a run-time setting (features that cache one follow it). */
  'settings.changed': { key: string };
}

@Injectable()
export class AppEvents {
  private readonly emitter = new EventEmitter();

  emit<K extends keyof AppEventMap>(name: K, payload: AppEventMap[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof AppEventMap>(name: K, listener: (payload: AppEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
