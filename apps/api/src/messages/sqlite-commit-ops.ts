// What crosses between the event loop and the SQLite commit thread (sqlite-commit-thread.ts):
// structured-clone data only, typed once for both sides.

/** One message as the thread stores it: body already sealed, instants as epoch milliseconds. */
export interface RowForWorker {
  roomId: number;
  authorId: number | null;
  authorName: string;
  kind: string;
  body: string;
  clientMsgId: string | null;
  replyToId: number | null;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
}

/** A member's delivery or read watermark moving forward (receipts ride the same group commit). */
export interface WatermarkForWorker {
  watermark: 'delivered' | 'read';
  roomId: number;
  userId: number;
  messageId: number;
}

/** A search is about to run: bring the search index up to date in this batch's transaction. */
export interface SearchCatchUpForWorker {
  searchCatchUp: true;
}

export type OpForWorker = RowForWorker | WatermarkForWorker | SearchCatchUpForWorker;

/**
 * Per op: a message's new id or the stored original of a duplicate (raw columns); for a watermark
 * whether it moved; for a search catch-up that the index is up to date; or why it failed.
 */
export type WorkerOutcome =
  | { ok: true; id: number; duplicate: Record<string, unknown> | null }
  | { ok: true; moved: boolean }
  | { ok: true; indexed: true }
  | { ok: false; message: string; code: string | null };

/** What the thread is started with. */
export interface CommitThreadData {
  /** Resolved by the parent, where module resolution works from the sources and from dist alike. */
  driverPath: string;
  file: string;
  searchBacklog: { index: string; advance: string };
  indexEveryMs: number;
}

export type CommitRequest = { batch: number; rows: OpForWorker[] } | { close: true };

export interface CommitReply {
  batch: number;
  outcomes?: WorkerOutcome[];
  failure?: string;
  /** The driver's error code of a failed batch (SQLITE_FULL: the disk is full). */
  failureCode?: string | null;
}
