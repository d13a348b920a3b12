import type { SummaryJob } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';

/** A job in memory: the queue lives in this process (jobs are short and re-askable). */
export interface JobRecord {
  id: string;
  userId: number;
  /** The requester as of the request; their right to read the room is checked again when the job runs. */
  actor: Actor;
  roomId: number;
  /** At most this many messages, all after `afterId` (0: from the start). */
  lastMessages: number;
  afterId: number;
  model: string;
  createdAt: Date;
  startedAt?: number;
  controller: AbortController;
  view: SummaryJob;
}
