import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { SessionRow } from './session.entity.js';
import { TOUCH_INTERVAL_MS } from './sessions.service.js';

/** Touches are written together: one statement (one fsync) for everyone who chatted meanwhile. */
const FLUSH_AFTER_MS = 2_000;
const IDS_PER_STATEMENT = 500;

/**
 * Activity seen on sockets keeps their sessions from going idle. Writing each one as it happens
 * would cost an fsync per user per minute on the event loop — 500 users chatting means 500
 * commits in the same second, each holding the database while messages wait. Instead the
 * sessions touched are collected and written in one statement at most two seconds later;
 * the idle deadline therefore counts from up to two seconds after the last activity.
 */
@Injectable()
export class SessionActivity implements OnModuleDestroy {
  private readonly lastTouch = new Map<string, number>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records activity on a session; written with the next flush unless written in the last minute. */
  touch(sessionId: string): void {
    const now = this.clock.now().getTime();
    if (now - (this.lastTouch.get(sessionId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.lastTouch.set(sessionId, now);
    this.pending.add(sessionId);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** The session will not be touched again (its last socket closed): no need to remember it. */
  forget(sessionId: string): void {
    this.lastTouch.delete(sessionId);
  }

  /** Writes what has been collected; resolves once it is stored. Errors are swallowed (best effort). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = [...this.pending];
    this.pending.clear();
    this.flushing = this.flushing.then(() => this.write(ids)).catch(() => undefined);
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async write(ids: string[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      await this.dataSource
        .getRepository(SessionRow)
        .createQueryBuilder()
        .update()
        .set({ lastSeenAt: new Date(now) })
        .where('id IN (:...ids) AND last_seen_at < :now', { ids: ids.slice(i, i + IDS_PER_STATEMENT), now })
        .execute();
    }
  }
}
