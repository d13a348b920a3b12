import type { SummaryFailureCode } from '@atrio/protocol';

/** A job's end for a known reason: stored on the job, never thrown to an HTTP caller. */
export class SummaryFailure extends Error {
  constructor(
    readonly code: SummaryFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'SummaryFailure';
  }
}
