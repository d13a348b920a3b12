import { createStore, del, set, values } from 'idb-keyval';
import type { OutboxItem, OutboxStorage } from './outbox';

/** The outbox in IndexedDB: survives reloads, crashes and server restarts. */
export function indexedDbOutboxStorage(): OutboxStorage {
  const store = createStore('atrio-outbox', 'items');
  return {
    all: () => values<OutboxItem>(store),
    put: (item) => set(item.clientMsgId, item, store),
    remove: (clientMsgId) => del(clientMsgId, store),
  };
}
