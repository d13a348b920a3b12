import { Inject, Injectable } from '@nestjs/common';
import type { ActionItem, CreateSummary, SummaryItem, SummaryJob } from '@atrio/protocol';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { And, DataSource, In, IsNull, LessThan, LessThanOrEqual, MoreThan, MoreThanOrEqual } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { MessageRow } from '../messages/message.entity.js';
import { RoomMemberRow } from '../rooms/room-member.entity.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { User } from '../users/user.entity.js';
import { AI_SUMMARY_LIMITS } from './ai-settings.js';
import { extractiveSummary } from './extractive-summary.js';
import { ground } from './grounding.js';
import { contextLength } from './model-info.js';
import type { JobRecord, SummarySelection } from './summary-job.js';
import { SummaryFailure } from './summary-failure.js';
import { summarise } from './summary-pipeline.js';

export type SummaryResult = Pick<SummaryJob, 'summary' | 'coverage'> & {
  keyPoints: SummaryItem[];
  decisions: SummaryItem[];
  actionItems: ActionItem[];
};

const READ_PAGE = 200;

/** One job from the room's messages to a grounded result. */
@Injectable()
export class SummaryRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: RoomAccessService,
    private readonly settings: SettingsService,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'ollamaHost'>,
  ) {}

  /** What a request covers, once the actor may read the room; `unread` needs membership. */
  async select(actor: Actor, roomId: number, input: CreateSummary, now: Date): Promise<SummarySelection> {
    const { member } = await this.access.canRead(actor, roomId);
    if (input.since !== undefined) {
      // `until` is fixed now, so the job covers exactly what was asked even if it waits in the queue.
      const until = input.until === undefined ? now : new Date(input.until);
      return { lastMessages: input.lastMessages ?? 1000, afterId: 0, since: new Date(input.since), until };
    }
    if (!input.unread) return { lastMessages: input.lastMessages ?? 100, afterId: 0 };
    if (!member)
      throw new AppError(
        'VALIDATION_FAILED',
        'Only members have unread messages: join the room to catch up.',
      );
    return { lastMessages: input.lastMessages ?? 1000, afterId: member.readId };
  }

  async run(job: JobRecord, onText: (text: string) => void): Promise<SummaryResult> {
    // The queue may have held the job a while: read rights are judged when the messages are read
    // (a digest has no requester: it is delivered to whoever is a member when it ends).
    if (job.actor) await this.access.canRead(job.actor, job.roomId);
    const host = this.config.ollamaHost;
    // Asked of Ollama while the database is read (a round trip less before the model starts);
    // its failure is reported only once there is something to summarise.
    const context = contextLength(host, job.model).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const messages = await this.lastMessages(job.roomId, job);
    const first = messages[0];
    const last = messages.at(-1);
    if (!first || !last)
      throw new SummaryFailure(
        'NOTHING_TO_SUMMARISE',
        job.since
          ? 'Nobody wrote in this room during that time.'
          : job.afterId > 0
            ? 'You have no unread messages in this room.'
            : 'This room has no messages to summarise.',
      );
    const limits = await this.settings.get(AI_SUMMARY_LIMITS);
    const shown = await context;
    if ('error' in shown) throw shown.error;
    const modelContext = shown.value;
    // Ollama's own default (2–4 k tokens) would cut the prompt silently: always say how much.
    const numCtx = Math.min(modelContext ?? 2048, limits.maxContextTokens);
    const { answer, calls } = await summarise(
      {
        host,
        model: job.model,
        numCtx,
        silenceMs: limits.silenceSeconds * 1000,
        signal: job.controller.signal,
        onText,
      },
      messages.map((m) => ({ id: m.id, author: m.authorName, at: m.createdAt.toISOString(), text: m.body })),
    );
    if (job.controller.signal.aborted) throw new SummaryFailure('CANCELLED', 'The summary was cancelled.');
    const grounded = ground(answer, new Set(messages.map((m) => m.id)), await this.members(job.roomId));
    return {
      summary: answer.summary.trim(),
      keyPoints: grounded.keyPoints,
      decisions: grounded.decisions,
      actionItems: grounded.actionItems,
      coverage: {
        firstMessageId: first.id,
        lastMessageId: last.id,
        from: first.createdAt.toISOString(),
        to: last.createdAt.toISOString(),
        count: messages.length,
        chunks: calls,
        droppedItems: grounded.dropped,
        people: new Set(messages.map((m) => m.authorName)).size,
      },
    };
  }

  /** The extractive summary of what a job would cover, computed here at once. */
  async extract(
    roomId: number,
    selection: SummarySelection,
  ): Promise<SummaryResult & { unansweredQuestions: SummaryItem[] }> {
    const messages = await this.lastMessages(roomId, selection);
    const first = messages[0];
    const last = messages.at(-1);
    if (!first || !last) throw new AppError('NOT_FOUND', 'There are no messages to summarise.');
    const extract = extractiveSummary(
      messages.map((m) => ({
        id: m.id,
        authorId: m.authorId,
        author: m.authorName,
        text: m.body,
        replyToId: m.replyToId,
      })),
      await this.members(roomId),
    );
    return {
      ...extract,
      decisions: [],
      coverage: {
        firstMessageId: first.id,
        lastMessageId: last.id,
        from: first.createdAt.toISOString(),
        to: last.createdAt.toISOString(),
        count: messages.length,
        chunks: 0,
        droppedItems: 0,
        people: new Set(messages.map((m) => m.authorName)).size,
      },
    };
  }

  /** The range a job would cover now, for the cache; null when there is nothing to summarise. */
  async range(
    roomId: number,
    selection: SummarySelection,
  ): Promise<{ firstMessageId: number; lastMessageId: number; count: number } | null> {
    const rows = await this.dataSource.getRepository(MessageRow).find({
      select: { id: true },
      where: conversation(roomId, selection),
      order: { id: 'DESC' },
      take: selection.lastMessages,
    });
    const [last, first] = [rows[0], rows.at(-1)];
    return first && last ? { firstMessageId: first.id, lastMessageId: last.id, count: rows.length } : null;
  }

  /**
   * Read newest first in pages, yielding between them: a 1 000-message job read at once held the
   * event loop for tens of milliseconds, a stall every chat delivery of that moment waited out.
   */
  private async lastMessages(roomId: number, selection: SummarySelection): Promise<MessageRow[]> {
    const rows: MessageRow[] = [];
    let before: number | undefined;
    while (rows.length < selection.lastMessages) {
      const take = Math.min(READ_PAGE, selection.lastMessages - rows.length);
      const where = conversation(roomId, selection);
      const page = await this.dataSource.getRepository(MessageRow).find({
        where:
          before === undefined ? where : { ...where, id: And(MoreThan(selection.afterId), LessThan(before)) },
        order: { id: 'DESC' },
        take,
      });
      rows.push(...page);
      if (page.length < take) break;
      before = page.at(-1)!.id;
      await nextTurn();
    }
    return rows.reverse();
  }

  /** Members by lower-cased username and display name → username. */
  private async members(roomId: number): Promise<Map<string, string>> {
    const rows = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(RoomMemberRow, 'm', 'm.user_id = u.id AND m.room_id = :roomId', { roomId })
      .select(['u.username', 'u.displayName'])
      .getMany();
    const map = new Map<string, string>();
    for (const user of rows) {
      map.set(user.displayName.toLowerCase(), user.username);
      map.set(user.username.toLowerCase(), user.username);
    }
    return map;
  }
}

/** System lines (joins, topic changes) are not conversation: the last N are N things people said. */
function conversation(roomId: number, { afterId, since, until }: SummarySelection) {
  return {
    roomId,
    id: MoreThan(afterId),
    deletedAt: IsNull(),
    kind: In(['text', 'me']),
    ...(since && until ? { createdAt: And(MoreThanOrEqual(since), LessThanOrEqual(until)) } : {}),
  };
}
