import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The text the search index sees (the same expression as migrations 1764400001100 and 1764400001200). */
const SEARCHABLE = (body: string) => `CASE WHEN substr(${body}, 1, 7) = 'enc:v1:' THEN '' ELSE ${body} END`;
const INDEXED = `(SELECT indexed_through FROM search_index_state)`;
/** A message's room as one FTS5 token (`r42`), in the index's second column. */
const ROOM_TOKEN = (roomId: string) => `'r' || ${roomId}`;

/**
 * SQLite only: the search index also holds each message's room, as a token in a second column,
 * so a search in one room intersects the word's matches with the room's in FTS5 itself instead of
 * walking the word's matches in every room (a frequent word in one room of a million messages:
 * 6 ms → under 1 ms). The table is rebuilt from the same view, with the room added; new messages
 * still reach it in batches (search/sqlite-search-backlog.ts), edits and deletes through triggers
 * for rows already indexed.
 */
export class SearchByRoom1764400002000 implements MigrationInterface {
  name = 'SearchByRoom1764400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await rebuild(queryRunner, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await rebuild(queryRunner, false);
  }
}

async function rebuild(queryRunner: QueryRunner, withRoom: boolean): Promise<void> {
  const room = (roomId: string) => (withRoom ? `, ${ROOM_TOKEN(roomId)}` : '');
  const columns = withRoom ? 'body, room' : 'body';
  for (const trigger of ['messages_fts_update', 'messages_fts_delete']) {
    await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
  await queryRunner.query('DROP TABLE IF EXISTS messages_fts');
  await queryRunner.query('DROP VIEW IF EXISTS messages_search_text');
  await queryRunner.query(
    `CREATE VIEW messages_search_text AS
       SELECT id, ${SEARCHABLE('body')} AS body${withRoom ? `, ${ROOM_TOKEN('room_id')} AS room` : ''} FROM messages`,
  );
  await queryRunner.query(
    `CREATE VIRTUAL TABLE messages_fts USING fts5(${columns}, content='messages_search_text', content_rowid='id',
       tokenize='unicode61 remove_diacritics 2')`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages WHEN old.id <= ${INDEXED} BEGIN
       INSERT INTO messages_fts(messages_fts, rowid, ${columns})
         VALUES ('delete', old.id, ${SEARCHABLE('old.body')}${room('old.room_id')});
       INSERT INTO messages_fts(rowid, ${columns}) VALUES (new.id, ${SEARCHABLE('new.body')}${room('new.room_id')});
     END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.id <= ${INDEXED} BEGIN
       INSERT INTO messages_fts(messages_fts, rowid, ${columns})
         VALUES ('delete', old.id, ${SEARCHABLE('old.body')}${room('old.room_id')});
     END`,
  );
  // Everything is in the index now, whatever was still waiting in the backlog.
  await queryRunner.query(`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`);
  await queryRunner.query(
    `UPDATE search_index_state SET indexed_through = (SELECT COALESCE(MAX(id), 0) FROM messages)`,
  );
}
