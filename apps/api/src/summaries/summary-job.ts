import type { SummaryJob, SummaryTrigger } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';

/** What a job reads: at most `lastMessages` messages after `afterId`, within [since, until] when set. */
export interface SummarySelection {
  lastMessages: number;
  afterId: number;
  since?: Date;
  until?: Date;
}

/** A live job in this process (the queue is per process; the answer is also kept in the database). */
export interface JobRecord extends SummarySelection {
  id: string;
  /** The requester; null for a room's digest, which goes to every member. */
  userId: number | null;
  /**
   * The requester as of the request (for a catch-up: of their connection); their right to read
   * the room is checked again when the job runs. Null for a digest.
   */
  actor: Actor | null;
  roomId: number;
  trigger: SummaryTrigger;
  /** Automatic jobs wait behind every job somebody asked for. */
  priority: 'normal' | 'low';
  model: string;
  createdAt: Date;
  startedAt?: number;
  controller: AbortController;
  view: SummaryJob;
  /** The newest message an automatic job was queued for (the result's coverage says it once done). */
  plannedLastMessageId?: number;
  /** The job's last database write, so the next one follows it. */
  lastWrite?: Promise<void>;
  /** Set when an on-demand job took its place: the job goes back to the queue rather than fail. */
  preempted?: boolean;
}

export const isFinished = (job: { view: SummaryJob }) =>
  job.view.status === 'done' || job.view.status === 'failed';
