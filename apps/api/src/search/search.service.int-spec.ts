import type { Permission } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { MessageSearch1764400000800 } from '../database/migrations/1764400000800-message-search.js';
import { Encryption1764400001100 } from '../database/migrations/1764400001100-encryption.js';
import { SearchBacklog1764400001200 } from '../database/migrations/1764400001200-search-backlog.js';
import { SearchByRoom1764400002000 } from '../database/migrations/1764400002000-search-by-room.js';
import { MessageRow, type MessageKind } from '../messages/message.entity.js';
import { MessageWriter } from '../messages/message-writer.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { RoomBanRow } from '../rooms/room-ban.entity.js';
import { RoomMemberRow } from '../rooms/room-member.entity.js';
import { RoomRow } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { PostgresMessageSearch } from './postgres-message-search.js';
import { messageSearchIndexFor } from './search.module.js';
import { SearchService } from './search.service.js';
import { SqliteMessageSearch } from './sqlite-message-search.js';
import { catchUpSearchIndex } from './sqlite-search-backlog.js';

describe.each(DATABASE_KINDS)('message search on %s', (kind) => {
  let db: TestDatabase;
  let writer: MessageWriter;
  let service: SearchService;
  let member: Actor;
  let outsider: Actor;
  const rooms: Record<'open' | 'secret' | 'direct', number> = { open: 0, secret: 0, direct: 0 };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const { dataSource } = db;
    writer = new MessageWriter(dataSource);
    service = new SearchService(
      dataSource,
      new RoomAccessService(dataSource, new Clock()),
      messageSearchIndexFor(dataSource, writer),
      new Clock(),
    );
    [member, outsider] = [await newActor('member'), await newActor('outsider')];
    for (const [name, visibility] of [
      ['open', 'public'],
      ['secret', 'private'],
      ['direct', 'direct'],
    ] as const) {
      const room = await dataSource
        .getRepository(RoomRow)
        .save({ name, visibility, createdAt: new Date(), directKey: null, archivedAt: null });
      rooms[name] = room.id;
      await dataSource.getRepository(RoomMemberRow).insert({
        roomId: room.id,
        userId: member.userId,
        role: 'member',
        joinedAt: new Date(),
      });
    }
  });
  afterAll(async () => {
    await writer.onModuleDestroy();
    await db.close();
  });

  async function newActor(username: string): Promise<Actor> {
    const user = await db.dataSource.getRepository(User).save({
      username,
      displayName: username,
      passwordHash: 'unused',
      createdAt: new Date(),
    });
    const permissions = new Set<Permission>();
    return {
      userId: user.id,
      username,
      displayName: username,
      roles: [],
      permissions,
      sessionId: '',
      ip: '',
    };
  }

  async function insert(roomId: number, body: string, extra: Partial<MessageRow> = {}): Promise<number> {
    const row = {
      roomId,
      authorId: member.userId,
      authorName: 'member',
      kind: 'text' as MessageKind,
      body,
      clientMsgId: null,
      replyToId: null,
      createdAt: new Date(),
      editedAt: null,
      deletedAt: null,
      ...extra,
    };
    const inserted = await db.dataSource.getRepository(MessageRow).insert(row);
    return Number(inserted.identifiers[0]!.id);
  }

  /** SQLite: once caught up, the external-content index must hold exactly the text of the messages table. */
  async function assertIndexConsistent(): Promise<void> {
    if (kind !== 'SQLite') return;
    await catchUpSearchIndex(db.dataSource);
    await db.dataSource.query(`INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)`);
  }

  const bodies = async (actor: Actor, q: string, roomId?: number) =>
    (await service.messages(actor, { q, roomId, limit: 20 })).results.map((hit) => hit.message.body);

  it('uses the engine of the database', () => {
    const expected = kind === 'PostgreSQL' ? PostgresMessageSearch : SqliteMessageSearch;
    expect(messageSearchIndexFor(db.dataSource, writer)).toBeInstanceOf(expected);
  });

  it('finds words whatever their case and accents, and by prefix', async () => {
    await insert(rooms.open, 'El CAMIÓN de la Compañía llegó');
    expect(await bodies(outsider, 'camion compania')).toEqual(['El CAMIÓN de la Compañía llegó']);
    expect(await bodies(outsider, 'compa*')).toEqual(['El CAMIÓN de la Compañía llegó']);
    const [hit] = (await service.messages(outsider, { q: 'camion', limit: 20 })).results;
    expect(hit?.snippet).toContain('«CAMIÓN»');
  });

  it('searches one room, and a word that looks like a room never matches the room itself', async () => {
    const [inOpen, inSecret] = [`r${rooms.open}`, `r${rooms.secret}`];
    await insert(rooms.open, 'plano del sótano');
    await insert(rooms.secret, 'plano del ático');
    await insert(rooms.secret, `la sala ${inOpen} está libre`);
    expect(await bodies(member, 'plano', rooms.open)).toEqual(['plano del sótano']);
    expect(await bodies(member, 'plano', rooms.secret)).toEqual(['plano del ático']);
    expect(await bodies(member, 'plan*', rooms.secret)).toEqual(['plano del ático']);
    // Only the message whose text holds the word, never every message of that room.
    expect(await bodies(member, inOpen)).toEqual([`la sala ${inOpen} está libre`]);
    expect(await bodies(member, inSecret)).toEqual([]);
    expect(await bodies(member, `plano ${inSecret}`)).toEqual([]);
    await assertIndexConsistent();
  });

  it('shows private rooms and direct conversations only to their members', async () => {
    await insert(rooms.open, 'acta pública');
    await insert(rooms.secret, 'acta privada');
    await insert(rooms.direct, 'acta directa');
    expect(await bodies(outsider, 'acta')).toEqual(['acta pública']);
    expect(await bodies(member, 'acta')).toEqual(['acta directa', 'acta privada', 'acta pública']);
    expect(await bodies(member, 'acta', rooms.secret)).toEqual(['acta privada']);
    await expect(
      service.messages(outsider, { q: 'acta', roomId: rooms.secret, limit: 20 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('hides a public room from a non-member banned from it, until the ban ends', async () => {
    await insert(rooms.open, 'veto vigente');
    const bans = db.dataSource.getRepository(RoomBanRow);
    const ban = { roomId: rooms.open, userId: outsider.userId, createdAt: new Date() };
    await bans.insert({ ...ban, until: new Date(Date.now() + 60_000) });
    expect(await bodies(outsider, 'veto')).toEqual([]);
    await bans.update({ roomId: rooms.open, userId: outsider.userId }, { until: new Date(Date.now() - 1) });
    expect(await bodies(outsider, 'veto')).toEqual(['veto vigente']);
    await bans.delete({ roomId: rooms.open, userId: outsider.userId });
  });

  it('pages newest first', async () => {
    const ids = [await insert(rooms.open, 'hoja 1'), await insert(rooms.secret, 'hoja 2')];
    ids.push(await insert(rooms.open, 'hoja 3'));
    const page = async (before?: number) =>
      (await service.messages(member, { q: 'hoja', before, limit: 2 })).results.map((hit) => hit.message.id);
    expect(await page()).toEqual([ids[2], ids[1]]);
    expect(await page(ids[1])).toEqual([ids[0]]);
  });

  it('never returns deleted or system messages, whatever their stored text', async () => {
    await insert(rooms.open, 'presupuesto borrado', { deletedAt: new Date() });
    await insert(rooms.open, 'presupuesto sistema', { kind: 'system', authorId: null });
    const kept = await insert(rooms.open, 'presupuesto vigente');
    expect(await bodies(member, 'presupuesto')).toEqual(['presupuesto vigente']);
    const index = messageSearchIndexFor(db.dataSource, writer);
    const hits = await index.search({
      terms: ['presupuesto'],
      prefix: false,
      userId: member.userId,
      now: Date.now(),
      limit: 20,
    });
    expect(hits.map((hit) => hit.id)).toEqual([kept]); // filtered in SQL, so pages stay full
    await db.dataSource.getRepository(MessageRow).update({ id: kept }, { deletedAt: new Date(), body: '' });
    expect(await bodies(member, 'presupuesto')).toEqual([]);
  });

  it('follows edits and hard deletes', async () => {
    const id = await insert(rooms.open, 'texto original');
    await db.dataSource.getRepository(MessageRow).update({ id }, { body: 'texto corregido' });
    expect(await bodies(member, 'original')).toEqual([]);
    expect(await bodies(member, 'corregido')).toEqual(['texto corregido']);
    await db.dataSource.getRepository(MessageRow).delete({ id });
    expect(await bodies(member, 'texto')).toEqual([]);
    await assertIndexConsistent();
  });

  it('forgets the messages of a deleted room', async () => {
    const repository = db.dataSource.getRepository(RoomRow);
    const room = await repository.save({ name: 'gone', visibility: 'public', createdAt: new Date() });
    await insert(room.id, 'efímero');
    await repository.delete({ id: room.id });
    expect(await bodies(member, 'efimero')).toEqual([]);
    await assertIndexConsistent();
  });

  it('SQLite: finds messages not indexed yet, and edits and deletes before indexing keep the index sound', async () => {
    if (kind !== 'SQLite') return;
    const indexedThrough = async () =>
      Number((await db.dataSource.query('SELECT indexed_through AS n FROM search_index_state'))[0].n);
    await catchUpSearchIndex(db.dataSource);
    const before = await indexedThrough();
    // Stored on the shared connection: no trigger indexes them, only the backlog does.
    const kept = await insert(rooms.open, 'pendiente guardado');
    const edited = await insert(rooms.open, 'pendiente borrador');
    const removed = await insert(rooms.open, 'pendiente descartado');
    await db.dataSource.getRepository(MessageRow).update({ id: edited }, { body: 'pendiente corregido' });
    await db.dataSource.getRepository(MessageRow).delete({ id: removed });
    expect(await indexedThrough()).toBe(before);
    expect(await bodies(member, 'pendiente')).toEqual(['pendiente corregido', 'pendiente guardado']);
    expect(await indexedThrough()).toBe(Math.max(kept, edited)); // the newest existing message
    expect(await bodies(member, 'borrador')).toEqual([]);
    expect(await bodies(member, 'descartado')).toEqual([]);
    await assertIndexConsistent();
    // Once indexed, edits and deletes go through the triggers.
    await db.dataSource.getRepository(MessageRow).update({ id: kept }, { body: 'ya indexado' });
    expect(await bodies(member, 'guardado')).toEqual([]);
    expect(await bodies(member, 'indexado')).toEqual(['ya indexado']);
    await assertIndexConsistent();
  });

  it('indexes messages stored before the search migrations ran', async () => {
    const migrations = [
      new MessageSearch1764400000800(),
      new Encryption1764400001100(),
      new SearchBacklog1764400001200(),
      new SearchByRoom1764400002000(),
    ];
    const runner = db.dataSource.createQueryRunner();
    for (const migration of [...migrations].reverse()) await migration.down(runner);
    await insert(rooms.open, 'mensaje antiguo');
    for (const migration of migrations) await migration.up(runner);
    await runner.release();
    expect(await bodies(member, 'antiguo')).toEqual(['mensaje antiguo']);
    await assertIndexConsistent();
  });
});
