import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppEvents } from '../common/app-events.js';
import { LOGGER } from '../logging/logger.token.js';
import { User } from '../users/user.entity.js';
import type { RoomDigestRow } from './room-digest.entity.js';
import type { SummarySelection } from './summary-job.js';
import { SummaryJobStore } from './summary-job-store.js';
import { SummaryQueue } from './summary-queue.js';
import { SummaryRunner } from './summary-runner.js';

const DAY_MS = 86_400_000;
const MAX_MESSAGES = 1000;

/**
 * Summaries nobody has to ask for, queued at low priority: a member's catch-up when they come
 * back with more unread messages in a room than their setting says, and a room's daily digest.
 * Neither is queued when nothing new was said since the last one.
 */
@Injectable()
export class AutomaticSummaries implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SummaryRunner,
    private readonly store: SummaryJobStore,
    private readonly queue: SummaryQueue,
    private readonly events: AppEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.on('user.online', ({ actor }) => {
      this.catchUp(actor).catch((error: unknown) =>
        this.logger.error({ err: error, userId: actor.userId }, 'automatic catch-up failed'),
      );
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Queues a catch-up for each of the actor's rooms past their threshold; returns the job ids. */
  async catchUp(actor: Actor): Promise<string[]> {
    if (!actor.permissions.has('ai.summarize')) return [];
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ select: { id: true, aiCatchUpAfter: true }, where: { id: actor.userId } });
    const threshold = user?.aiCatchUpAfter ?? null;
    if (threshold === null) return [];
    const jobIds: string[] = [];
    for (const { roomId, readId } of await this.roomsPast(actor.userId, threshold)) {
      const selection: SummarySelection = { lastMessages: MAX_MESSAGES, afterId: readId };
      const range = await this.runner.range(roomId, selection);
      if (!range) continue;
      const pending = [...this.store.liveJobs()].some(
        (j) =>
          j.userId === actor.userId && j.roomId === roomId && j.trigger === 'catch-up' && !j.view.finishedAt,
      );
      // Nothing new since the last catch-up (they came back without reading it): do not repeat it.
      if (pending || range.lastMessageId <= (await this.store.lastCovered(actor.userId, roomId, 'catch-up')))
        continue;
      const job = this.store.create({
        actor,
        roomId,
        selection,
        trigger: 'catch-up',
        lastMessageId: range.lastMessageId,
      });
      if ((await this.queue.add(job)) !== null) jobIds.push(job.id);
    }
    return jobIds;
  }

  /**
   * Queues a room's digest of what was said since the last one (at most the last day). Returns
   * the newest message it covers, or null when nothing new was said (no job).
   */
  async digest(row: RoomDigestRow, now: Date): Promise<{ jobId: string; lastMessageId: number } | null> {
    const selection: SummarySelection = {
      lastMessages: MAX_MESSAGES,
      afterId: row.lastMessageId,
      since: new Date(now.getTime() - DAY_MS),
      until: now,
    };
    const range = await this.runner.range(row.roomId, selection);
    if (!range) return null;
    const job = this.store.create({
      actor: null,
      roomId: row.roomId,
      selection,
      trigger: 'digest',
      lastMessageId: range.lastMessageId,
    });
    if ((await this.queue.add(job)) === null) return null;
    return { jobId: job.id, lastMessageId: range.lastMessageId };
  }

  /** The user's rooms with more than `threshold` unread messages (system lines not counted). */
  private async roomsPast(
    userId: number,
    threshold: number,
  ): Promise<Array<{ roomId: number; readId: number }>> {
    // Each room's count stops one past the threshold: someone back after months in busy rooms
    // costs at most rooms × (threshold + 1) index steps, not every message they missed.
    const enough = Math.floor(threshold) + 1;
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('m.room_id', 'roomId')
      .addSelect('m.read_id', 'readId')
      .from('room_members', 'm')
      .where('m.user_id = :userId', { userId })
      .andWhere(
        `(SELECT COUNT(*) FROM (SELECT 1 FROM messages msg WHERE msg.room_id = m.room_id AND msg.id > m.read_id
           AND msg.deleted_at IS NULL AND msg.kind IN ('text', 'me') LIMIT ${enough}) counted) > :threshold`,
        { threshold },
      )
      .getRawMany<{ roomId: number | string; readId: number | string }>();
    return rows.map((r) => ({ roomId: Number(r.roomId), readId: Number(r.readId) }));
  }
}
