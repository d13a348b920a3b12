import { indexedDbOutboxStorage } from '../outbox/idb-storage';
import { Outbox } from '../outbox/outbox';
import { store } from './store';

/** The tab's outbox, mirrored into the store so pending messages show in their rooms. */
export const outbox = new Outbox(indexedDbOutboxStorage(), (items) => store.set({ outbox: items }));
