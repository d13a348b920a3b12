import type { Room, SearchResults } from '@atrio/protocol';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { emit, send } from '../../test/chat-client.js';
import { api, type TestUser } from '../../test/factories.js';
import type { TestServer } from '../../test/harness.js';
import { chatScene } from '../../test/chat-scene.js';
import { eventually } from '../../test/eventually.js';
import { DataSource } from 'typeorm';

let t: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const scene = chatScene({ users: ['alice', 'bob', 'carol'] });
const { connect, newRoom } = scene;
beforeAll(
  () =>
    ({
      t,
      users: { alice, bob, carol },
    } = scene),
);

/** A word no other test uses, so tests sharing the server do not see each other's messages. */
const tag = () => `k${randomBytes(5).toString('hex')}`;

function search(user: TestUser, params: Record<string, string | number>) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return api(t, user.token, 'GET', `/api/search/messages?${query}`);
}

async function found(user: TestUser, params: Record<string, string | number>): Promise<string[]> {
  const response = await search(user, params);
  expect(response.status, response.text).toBe(200);
  return response.json<SearchResults>().results.map((hit) => hit.message.body);
}

describe('matching', () => {
  it('ignores case and accents, and marks the matches in a plain-text snippet', async () => {
    const [room, word] = [await newRoom(alice), tag()];
    await send(await connect(alice), room.id, `El CAMIÓN llega mañana <b>${word}</b>`);
    const response = await search(bob, { q: `camion MANANA ${word}` });
    const [hit] = response.json<SearchResults>().results;
    expect(hit?.message).toMatchObject({ roomId: room.id, authorId: alice.id, kind: 'text' });
    expect(hit?.snippet).toContain('«CAMIÓN»');
    expect(hit?.snippet).toContain('«mañana»');
    expect(hit?.snippet).toContain('<b>'); // the text as typed: clients show it, never render it
  });

  it('matches a word by its beginning only when the last word ends in *', async () => {
    const [room, word] = [await newRoom(alice), tag()];
    await send(await connect(alice), room.id, `Reunión de coordinación ${word}`);
    expect(await found(bob, { q: `${word} reun*` })).toHaveLength(1);
    expect(await found(bob, { q: `${word} coord*` })).toHaveLength(1);
    expect(await found(bob, { q: `${word} reun` })).toEqual([]);
    expect(await found(bob, { q: `${word.slice(0, 6)}*` })).toHaveLength(1);
  });

  it('forgets a deleted message, and an edited one by its old words', async () => {
    const [room, word] = [await newRoom(alice), tag()];
    const a = await connect(alice);
    const deleted = await send(a, room.id, `borrador ${word}`);
    const edited = await send(a, room.id, `antes ${word}`);
    expect((await emit(a, 'message:delete', { messageId: deleted.id })).ok).toBe(true);
    const edit = await emit(a, 'message:edit', { messageId: edited.id, body: `después ${word}` });
    expect(edit.ok).toBe(true);
    expect(await found(bob, { q: `borrador ${word}` })).toEqual([]);
    expect(await found(bob, { q: `antes ${word}` })).toEqual([]);
    expect(await found(bob, { q: `despues ${word}` })).toEqual([`después ${word}`]);
    expect(await found(bob, { q: word })).toEqual([`después ${word}`]);
  });
});

describe('access', () => {
  it('shows a private room or a direct conversation only to its members', async () => {
    const word = tag();
    const secret = await newRoom(alice, { visibility: 'private' });
    const direct = (
      await api(t, alice.token, 'POST', '/api/rooms/direct', { userIds: [bob.id] })
    ).json<Room>();
    const a = await connect(alice);
    await send(a, secret.id, `private ${word}`);
    await send(a, direct.id, `direct ${word}`);
    expect(await found(carol, { q: word })).toEqual([]);
    expect(await found(bob, { q: word })).toEqual([`direct ${word}`]);
    expect((await found(alice, { q: word })).sort()).toEqual([`direct ${word}`, `private ${word}`]);
    expect((await search(carol, { q: word, roomId: secret.id })).status).toBe(403);
    expect((await search(carol, { q: word, roomId: 999_999 })).status).toBe(404);
  });

  it('shows public rooms to everyone, joined or not, archived or not', async () => {
    const [room, word] = [await newRoom(alice), tag()];
    await send(await connect(alice), room.id, `anuncio ${word}`);
    expect(await found(carol, { q: word })).toEqual([`anuncio ${word}`]);
    const archived = await api(t, alice.token, 'POST', `/api/rooms/${room.id}/archive`, { archived: true });
    expect(archived.status).toBe(200);
    expect(await found(carol, { q: word })).toEqual([`anuncio ${word}`]);
  });

  it('needs a session', async () => {
    expect((await t.request('/api/search/messages?q=hola')).status).toBe(401);
  });
});

describe('filtering and paging', () => {
  it('limits to one room', async () => {
    const [first, second, word] = [await newRoom(alice), await newRoom(alice), tag()];
    const a = await connect(alice);
    await send(a, first.id, `uno ${word}`);
    await send(a, second.id, `dos ${word}`);
    expect(await found(bob, { q: word, roomId: second.id })).toEqual([`dos ${word}`]);
  });

  it('pages newest first with before and limit', async () => {
    const [room, word] = [await newRoom(alice), tag()];
    const a = await connect(alice);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await send(a, room.id, `${word} número ${i}`)).id);
    const seen: number[] = [];
    let before: number | undefined;
    for (const size of [2, 2, 1, 0]) {
      const response = await search(bob, { q: word, limit: 2, ...(before ? { before } : {}) });
      const page = response.json<SearchResults>().results.map((hit) => hit.message.id);
      expect(page).toHaveLength(size);
      seen.push(...page);
      before = page.at(-1);
    }
    expect(seen).toEqual(ids.reverse());
    expect((await search(bob, { q: word, limit: 101 })).status).toBe(400);
    expect((await search(bob, { q: word, limit: 0 })).status).toBe(400);
  });
});

describe('untrusted input', () => {
  it.each([
    `'; DROP TABLE messages; --`,
    `" OR 1=1 --`,
    `"unbalanced`,
    `a NEAR b`,
    `NEAR(a b, 2)`,
    `(uno OR dos) AND NOT tres`,
    `body:hola`,
    `-hola ^hola +hola`,
    `a*b* **c`,
    `\\ % _ ' ; {body}`,
    `:* & | ! <-> 'x'`,
  ])('treats %j as words to look for', async (q) => {
    expect((await search(bob, { q })).status).toBe(200);
  });

  it('finds SQL as text in a message', async () => {
    const [room, word] = [await newRoom(alice), tag()];
    await send(await connect(alice), room.id, `'; DROP TABLE messages; -- ${word}`);
    expect(await found(bob, { q: `'; DROP TABLE messages; -- ${word}` })).toHaveLength(1);
  });

  it.each([
    ['empty', ''],
    ['punctuation only', `'"();*--`],
    ['too long', 'a'.repeat(201)],
    ['a control character', 'hola\u0000mundo'],
  ])('refuses a query that is %s', async (_what, q) => {
    const response = await search(bob, { q });
    expect(response.status).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a missing or repeated q', async () => {
    expect((await api(t, bob.token, 'GET', '/api/search/messages')).status).toBe(400);
    expect((await api(t, bob.token, 'GET', '/api/search/messages?q=a&q=b')).status).toBe(400);
  });
});

describe('indexing on SQLite', () => {
  it('the commit thread indexes new messages in the background, without waiting for a search', async () => {
    const db = t.server.app.get(DataSource);
    const indexedThrough = async () =>
      Number((await db.query('SELECT indexed_through AS n FROM search_index_state'))[0].n);
    const room = await newRoom(alice);
    const socket = await connect(alice);
    const first = await send(socket, room.id, `primero ${tag()}`);
    // Later batches carry the indexing once the commit thread's 250 ms have passed; nothing
    // searches. One message per poll every 250 ms stays under a member's rate limit (5 a second).
    await eventually(
      'the first message indexed by a later batch',
      async () => {
        await send(socket, room.id, `segundo ${tag()}`);
        return (await indexedThrough()) >= first.id;
      },
      { intervalMs: 250 },
    );
    expect(await indexedThrough()).toBeGreaterThanOrEqual(first.id);
    const hits: unknown[] = await db.query(
      `SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'primero'`,
    );
    expect(hits).toEqual([{ rowid: first.id }]);
  });
});
