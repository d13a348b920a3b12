import type { SearchTerms } from './search-terms.js';

export interface IndexQuery extends SearchTerms {
  /** Only messages this user can read: public rooms (archived included) and rooms they belong to. */
  userId: number;
  /** Bans still in force at this instant (epoch ms) hide a public room from a non-member. */
  now: number;
  roomId?: number;
  before?: number;
  limit: number;
}

export interface IndexHit {
  id: number;
  snippet: string;
}

/** The database's own full-text engine; the access rule is part of its query so pages stay full. */
export abstract class MessageSearchIndex {
  /** Matching, readable, not deleted, non-system messages, newest first. */
  abstract search(query: IndexQuery): Promise<IndexHit[]>;
}

/**
 * RoomAccessService.canRead as SQL, plus what search leaves out, on `m` (messages), `r` (rooms) and
 * `me` (the user's room_members row, left-joined); `param` binds a value and returns its placeholder.
 */
export function readableConditions(query: IndexQuery, param: (value: number) => string): string[] {
  const conditions = [
    'm.deleted_at IS NULL',
    `m.kind <> 'system'`,
    `(me.user_id IS NOT NULL OR (r.visibility = 'public' AND NOT EXISTS (
       SELECT 1 FROM room_bans b WHERE b.room_id = m.room_id AND b.user_id = ${param(query.userId)}
          AND (b.until IS NULL OR b.until > ${param(query.now)}))))`,
  ];
  if (query.roomId !== undefined) conditions.push(`m.room_id = ${param(query.roomId)}`);
  return conditions;
}
