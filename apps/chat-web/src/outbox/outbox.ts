import type { Message } from '@atrio/protocol';

/** A message the person sent that the server has not yet acknowledged as stored. */
export interface OutboxItem {
  clientMsgId: string;
  userId: number;
  roomId: number;
  body: string;
  replyToId?: number;
  createdAt: number;
  /** waiting: not yet answered; failed: refused by the server, kept until retried or discarded. */
  state: 'waiting' | 'failed';
  error?: { code: string; message: string };
}

export interface OutboxStorage {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  remove(clientMsgId: string): Promise<void>;
}

export type SendOutcome =
  | { kind: 'sent'; message?: Message }
  /** Not answered (offline, timeout, server busy): keep it and try again later, in order. */
  | { kind: 'retry'; afterMs?: number }
  | { kind: 'failed'; code: string; message: string };

/**
 * The outbox: every message is written to durable storage before it is sent, keyed by its
 * clientMsgId, and removed only once the server acknowledges it as stored. Because the server
 * stores one message per clientMsgId, resending after a timeout or a restart delivers it exactly
 * once. Items are sent one at a time in the order they were typed.
 */
export class Outbox {
  private readonly items = new Map<string, OutboxItem>();
  private flushing: Promise<void> | null = null;
  private rerun = false;
  private userId: number | null = null;

  constructor(
    private readonly storage: OutboxStorage,
    private readonly onChange: (items: OutboxItem[]) => void = () => undefined,
  ) {}

  /** Loads what a previous page (or a crash) left for this user. */
  async load(userId: number): Promise<void> {
    this.userId = userId;
    this.items.clear();
    for (const item of await this.storage.all())
      if (item.userId === userId) this.items.set(item.clientMsgId, item);
    this.changed();
  }

  list(): OutboxItem[] {
    return [...this.items.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  async add(item: Omit<OutboxItem, 'state' | 'userId'>): Promise<OutboxItem> {
    if (this.userId === null) throw new Error('outbox used before load()');
    const stored: OutboxItem = { ...item, userId: this.userId, state: 'waiting' };
    await this.storage.put(stored);
    this.items.set(stored.clientMsgId, stored);
    this.changed();
    return stored;
  }

  async retry(clientMsgId: string): Promise<void> {
    const item = this.items.get(clientMsgId);
    if (!item) return;
    const waiting: OutboxItem = { ...item, state: 'waiting', error: undefined };
    await this.storage.put(waiting);
    this.items.set(clientMsgId, waiting);
    this.changed();
  }

  async discard(clientMsgId: string): Promise<void> {
    await this.storage.remove(clientMsgId);
    this.items.delete(clientMsgId);
    this.changed();
  }

  /** Forgets everything of this user (an explicit sign-out on a shared computer). */
  async clear(): Promise<void> {
    for (const id of [...this.items.keys()]) await this.storage.remove(id);
    this.items.clear();
    this.changed();
  }

  /** The server told us it stored this one (e.g. its message:new arrived before the ack). */
  async acknowledged(clientMsgId: string): Promise<void> {
    if (this.items.has(clientMsgId)) await this.discard(clientMsgId);
  }

  /**
   * Sends every waiting item, oldest first, one at a time. A call made while a flush runs makes
   * that flush go round again instead of starting a second sender, so nothing is sent twice at once.
   * Resolves with the delay asked for by the first item that must wait, if any.
   */
  flush(send: (item: OutboxItem) => Promise<SendOutcome>): Promise<void> {
    if (this.flushing) {
      this.rerun = true;
      return this.flushing;
    }
    this.flushing = this.run(send).finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Set by flush when an item must wait: how long before trying again (undefined: on reconnect). */
  retryAfterMs: number | undefined;

  private async run(send: (item: OutboxItem) => Promise<SendOutcome>): Promise<void> {
    this.retryAfterMs = undefined;
    const tried = new Set<string>();
    for (;;) {
      this.rerun = false;
      // Re-read the list each time: items typed while this one was in flight go out in this run too.
      const item = this.list().find((i) => i.state === 'waiting' && !tried.has(i.clientMsgId));
      if (!item) {
        if (this.rerun) continue;
        return;
      }
      tried.add(item.clientMsgId);
      const outcome = await send(item);
      if (outcome.kind === 'sent') {
        await this.acknowledged(item.clientMsgId);
      } else if (outcome.kind === 'failed') {
        if (!this.items.has(item.clientMsgId)) continue;
        const failed: OutboxItem = {
          ...item,
          state: 'failed',
          error: { code: outcome.code, message: outcome.message },
        };
        await this.storage.put(failed);
        this.items.set(item.clientMsgId, failed);
        this.changed();
      } else {
        // Keep the order: nothing after it goes before it does.
        this.retryAfterMs = outcome.afterMs;
        return;
      }
    }
  }

  private changed(): void {
    this.onChange(this.list());
  }
}
