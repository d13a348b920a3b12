import { Injectable } from '@nestjs/common';

const WINDOW_MS = 24 * 3_600_000;

/** AI failures of the last day by cause, for the status page. */
@Injectable()
export class FailureLog {
  private entries: Array<{ at: number; code: string }> = [];

  add(code: string): void {
    this.entries.push({ at: Date.now(), code });
    if (this.entries.length > 10_000) this.entries = this.entries.slice(-5_000);
  }

  byCause(): Record<string, number> {
    const cutoff = Date.now() - WINDOW_MS;
    this.entries = this.entries.filter((e) => e.at >= cutoff);
    const counts: Record<string, number> = {};
    for (const { code } of this.entries) counts[code] = (counts[code] ?? 0) + 1;
    return counts;
  }
}
