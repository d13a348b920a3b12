import type { Message } from '@atrio/protocol';
import type { MessageRow } from './message.entity.js';

export function toMessage(row: MessageRow, reactions: Record<string, number[]> = {}): Message {
  return {
    id: row.id,
    roomId: row.roomId,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.deletedAt ? '' : row.body,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    clientMsgId: row.clientMsgId,
    kind: row.kind,
    replyToId: row.replyToId,
    reactions,
  };
}
