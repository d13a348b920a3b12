import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppEvents } from '../common/app-events.js';
import type { SummaryResult } from './summary-runner.js';

const MAX_ENTRIES = 500;

export interface SummaryRange {
  roomId: number;
  firstMessageId: number;
  lastMessageId: number;
  count: number;
  model: string;
}

const keyOf = (r: SummaryRange) => `${r.roomId}|${r.firstMessageId}|${r.lastMessageId}|${r.count}|${r.model}`;

/**
 * Results by (room, range, model): the same messages summarised by the same model give the same
 * answer, so a second reader gets it without a model call. Every reader of a room reads all of
 * its messages, so a result is valid for any of them. An edit or delete inside a cached range
 * drops the entry (a new message makes a new range by itself).
 */
@Injectable()
export class SummaryCache implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, { range: SummaryRange; result: SummaryResult }>();
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly events: AppEvents) {}

  onModuleInit(): void {
    this.cleanups.push(
      this.events.on('message.updated', ({ message }) => this.invalidate(message.roomId, message.id)),
      this.events.on('message.deleted', ({ roomId, id }) => this.invalidate(roomId, id)),
    );
  }

  onModuleDestroy(): void {
    for (const cleanup of this.cleanups) cleanup();
  }

  get(range: SummaryRange): SummaryResult | undefined {
    return this.entries.get(keyOf(range))?.result;
  }

  set(range: SummaryRange, result: SummaryResult): void {
    const key = keyOf(range);
    this.entries.delete(key);
    this.entries.set(key, { range, result });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  private invalidate(roomId: number, messageId: number): void {
    for (const [key, { range }] of this.entries) {
      if (range.roomId === roomId && range.firstMessageId <= messageId && messageId <= range.lastMessageId) {
        this.entries.delete(key);
      }
    }
  }
}
