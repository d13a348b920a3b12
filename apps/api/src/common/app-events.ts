import { Injectable } from '@nestjs/common';
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
