import { openMessageBody, sealMessageBody } from './message-body-cipher.js';
import type { MessageRow } from './message.entity.js';
import type { RowForWorker, WorkerOutcome } from './sqlite-commit-ops.js';

type StoredOutcome = Extract<WorkerOutcome, { id: number }>;

export type NewMessage = Omit<MessageRow, 'id' | 'room' | 'author'>;
export type StoredMessage = MessageRow & { duplicate: boolean };

/** A `messages` row as SQLite returns it (snake_case columns, instants as epoch milliseconds). */
export interface RawMessage {
  id: number;
  room_id: number;
  author_id: number | null;
  author_name: string;
  kind: MessageRow['kind'];
  body: string;
  client_msg_id: string | null;
  reply_to_id: number | null;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
}

/** What the commit thread stores; bodies are sealed here, where the key ring lives. */
export function rowForWorker(row: NewMessage): RowForWorker {
  return {
    roomId: row.roomId,
    authorId: row.authorId,
    authorName: row.authorName,
    kind: row.kind,
    body: sealMessageBody(row.body),
    clientMsgId: row.clientMsgId,
    replyToId: row.replyToId,
    createdAt: row.createdAt.getTime(),
    editedAt: row.editedAt?.getTime() ?? null,
    deletedAt: row.deletedAt?.getTime() ?? null,
  };
}

/** The stored message of a successful insert, or the original of a duplicate. */
export function storedOf(row: NewMessage, outcome: StoredOutcome): StoredMessage {
  return outcome.duplicate
    ? { ...fromRaw(outcome.duplicate as unknown as RawMessage), duplicate: true }
    : { ...(row as MessageRow), id: outcome.id, duplicate: false };
}

/** The entity of a raw row: the body opened (it may be sealed at rest), instants as dates. */
export function fromRaw(raw: RawMessage): MessageRow {
  return {
    id: raw.id,
    roomId: raw.room_id,
    authorId: raw.author_id,
    authorName: raw.author_name,
    kind: raw.kind,
    body: openMessageBody(raw.body),
    clientMsgId: raw.client_msg_id,
    replyToId: raw.reply_to_id,
    createdAt: new Date(raw.created_at),
    editedAt: raw.edited_at === null ? null : new Date(raw.edited_at),
    deletedAt: raw.deleted_at === null ? null : new Date(raw.deleted_at),
  };
}
