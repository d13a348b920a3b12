// Writes a big message history straight into Atrio's SQLite file, in the schema the migrations
// create: `messages` rows (round-robin over the rooms, authors the rooms' members, one message a
// second of past time each) and the FTS5 search index (`messages_fts`, rebuilt in one go, then
// `search_index_state.indexed_through` = the last id, as the server's own catch-up leaves it).
// Bodies are 6–16 words drawn from a skewed vocabulary, so a search has frequent and rare terms.
import { performance } from 'node:perf_hooks';

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same history. */
export function random(seed = 42) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'be',
  'da',
  'fi',
  'go',
  'hu',
  'ja',
  'pe',
  'zo',
];
/** `size` distinct words; word i is drawn with a probability that falls with i (Zipf-like). */
export function vocabulary(size = 5000) {
  const words = [];
  for (let i = 0; words.length < size; i++) {
    let n = i;
    let word = '';
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    if (word.length >= 4) words.push(word);
  }
  return words;
}

/**
 * Inserts `count` messages into `rooms` ([{id, authorIds}]) and indexes them for search.
 * Returns {firstId, lastId, words, seconds: {insert, index}}.
 */
export function seedHistory(db, { rooms, count, now, authorNames }) {
  const words = vocabulary();
  const rand = random(7);
  const word = () => words[Math.floor(words.length * rand() ** 3)];
  const insert = db.prepare(
    `INSERT INTO messages (room_id, author_id, author_name, kind, body, created_at) VALUES (?, ?, ?, 'text', ?, ?)`,
  );
  const t0 = performance.now();
  const firstId = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM messages').get().id ?? 0) + 1;
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const room = rooms[i % rooms.length];
      const author = room.authorIds[Math.floor(i / rooms.length) % room.authorIds.length];
      const length = 6 + Math.floor(rand() * 11);
      const parts = [];
      for (let w = 0; w < length; w++) parts.push(word());
      insert.run(room.id, author, authorNames.get(author), parts.join(' '), now - (count - i) * 1000);
    }
  });
  for (let i = 0; i < count; i += 50_000) batch(i, Math.min(count, i + 50_000));
  const insertSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  db.exec(`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`);
  db.exec(
    `INSERT OR REPLACE INTO search_index_state (id, indexed_through) VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM messages))`,
  );
  const lastId = db.prepare('SELECT MAX(id) AS id FROM messages').get().id;
  return {
    firstId,
    lastId,
    words,
    seconds: { insert: insertSeconds, index: (performance.now() - t1) / 1000 },
  };
}
