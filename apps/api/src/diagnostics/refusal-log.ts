import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ConnectionDiagnostics } from '@atrio/protocol';
import { AppEvents } from '../common/app-events.js';
import { Clock } from '../common/clock.js';

type Refusal = ConnectionDiagnostics['refusals'][number];
const KEEP = 200;

/** The most recent refused connections and socket handshakes, in memory, for the diagnostics page. */
@Injectable()
export class RefusalLog implements OnModuleDestroy {
  private readonly recent: Refusal[] = [];
  private readonly unsubscribe: Array<() => void>;

  constructor(events: AppEvents, clock: Clock) {
    const add = (refusal: Omit<Refusal, 'at'>) => {
      this.recent.unshift({ at: clock.now().toISOString(), ...refusal });
      this.recent.length = Math.min(this.recent.length, KEEP);
    };
    this.unsubscribe = [
      events.on('connection.refused', ({ reason, address }) => add({ kind: 'connection', reason, address })),
      events.on('socket.refused', ({ reason }) => add({ kind: 'socket', reason, address: null })),
    ];
  }

  list(): Refusal[] {
    return [...this.recent];
  }

  onModuleDestroy(): void {
    this.unsubscribe.forEach((off) => off());
  }
}
