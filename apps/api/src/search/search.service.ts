import { Injectable } from '@nestjs/common';
import type { SearchNotice, SearchQuery, SearchResults } from '@atrio/protocol';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { messageBodySealingOn } from '../messages/message-body-cipher.js';
import { MessageRow } from '../messages/message.entity.js';
import { reactionsFor } from '../messages/message-reactions.js';
import { toMessage } from '../messages/message-views.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { MessageSearchIndex } from './message-search-index.js';
import { parseSearchTerms } from './search-terms.js';

@Injectable()
export class SearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: RoomAccessService,
    private readonly index: MessageSearchIndex,
    private readonly clock: Clock,
  ) {}

  /** Messages the actor can read that contain every word of the query, newest first. */
  async messages(actor: Actor, query: SearchQuery): Promise<SearchResults> {
    const terms = parseSearchTerms(query.q);
    // The index applies the same rule; this only turns a bad roomId into NOT_FOUND or FORBIDDEN.
    if (query.roomId !== undefined) await this.access.canRead(actor, query.roomId);
    const hits = await this.index.search({
      ...terms,
      userId: actor.userId,
      now: this.clock.now().getTime(),
      roomId: query.roomId,
      before: query.before,
      limit: query.limit,
    });
    const notice = encryptedBodiesNotice();
    if (hits.length === 0) return { results: [], ...notice };
    const ids = hits.map((hit) => hit.id);
    const rows = await this.dataSource.getRepository(MessageRow).findBy({ id: In(ids) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const reactions = await reactionsFor(this.dataSource, ids);
    return {
      // A message deleted since the index query is left out rather than shown empty.
      results: hits.flatMap(({ id, snippet }) => {
        const row = byId.get(id);
        return row && !row.deletedAt ? [{ message: toMessage(row, reactions.get(id)), snippet }] : [];
      }),
      ...notice,
    };
  }
}

/**
 * Encrypted bodies cannot be indexed (the index would hold the text in clear, or only ciphertext),
 * so while message bodies are encrypted, search finds only messages stored before: said plainly.
 */
function encryptedBodiesNotice(): { notice?: SearchNotice } {
  if (!messageBodySealingOn()) return {};
  return {
    notice: {
      code: 'MESSAGE_BODIES_ENCRYPTED',
      message:
        'Messages are encrypted at rest: search only finds messages stored before encryption was turned on and not yet encrypted.',
    },
  };
}
