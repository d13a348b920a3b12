/**
 * Group commit's pacing, PostgreSQL's `commit_delay` idea: while batches follow each other closely
 * (a steady stream of messages), the next one waits until `spacingMs` after the previous one
 * started, so that it carries several messages instead of one. Each commit costs its fsync, its
 * WAL frames and a hand-off to the commit thread whatever it holds; at 600 messages a second
 * that was nearly one commit per message. When the server is not busy, nothing waits: a lone
 * message is committed at once.
 */
export class CommitPacing {
  private readonly starts: number[] = [];

  constructor(
    private readonly spacingMs: number,
    /** How many recent batches, started within `busyWindowMs`, make the stream "steady". */
    private readonly busyBatches = 4,
    private readonly busyWindowMs = spacingMs * 8,
  ) {}

  /** How long the next batch should wait, in whole milliseconds (0: go now). */
  waitMs(now: number): number {
    if (this.spacingMs <= 0 || this.starts.length < this.busyBatches) return 0;
    if (now - this.starts[0]! >= this.busyWindowMs) return 0;
    return Math.max(0, Math.ceil(this.starts.at(-1)! + this.spacingMs - now));
  }

  /** Records that a batch starts now. */
  started(now: number): void {
    this.starts.push(now);
    if (this.starts.length > this.busyBatches) this.starts.shift();
  }
}
