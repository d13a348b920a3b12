import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The text the search index sees (the same expression as migration 1764400001100's view). */
const SEARCHABLE = (body: string) => `CASE WHEN substr(${body}, 1, 7) = 'enc:v1:' THEN '' ELSE ${body} END`;
const INDEXED = `(SELECT indexed_through FROM search_index_state)`;
/** Catches the index up on rows not yet indexed; a copy as of this migration, never the live query. */
const INDEX_BACKLOG = `INSERT INTO messages_fts(rowid, body)
    SELECT id, body FROM messages_search_text
    WHERE id > (SELECT indexed_through FROM search_index_state) ORDER BY id`;

/**
 * SQLite only: new messages reach the FTS5 index in batches (search/sqlite-search-backlog.ts)
 * rather than through an insert trigger; edits and deletes still go through triggers, but only
 * for rows already indexed — FTS5 must never be told to delete text it was not given.
 */
export class SearchBacklog1764400001200 implements MigrationInterface {
  name = 'SearchBacklog1764400001200';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await queryRunner.query(
      `CREATE TABLE search_index_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_through INTEGER NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO search_index_state (id, indexed_through) SELECT 1, COALESCE(MAX(id), 0) FROM messages`,
    );
    await this.triggers(queryRunner, `WHEN old.id <= ${INDEXED}`);
    await queryRunner.query('DROP TRIGGER IF EXISTS messages_fts_insert');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await queryRunner.query(INDEX_BACKLOG);
    await queryRunner.query(
      `CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
         INSERT INTO messages_fts(rowid, body) VALUES (new.id, ${SEARCHABLE('new.body')});
       END`,
    );
    await this.triggers(queryRunner, '');
    await queryRunner.query('DROP TABLE search_index_state');
  }

  private async triggers(queryRunner: QueryRunner, when: string): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS messages_fts_update');
    await queryRunner.query('DROP TRIGGER IF EXISTS messages_fts_delete');
    await queryRunner.query(
      `CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages ${when} BEGIN
         INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, ${SEARCHABLE('old.body')});
         INSERT INTO messages_fts(rowid, body) VALUES (new.id, ${SEARCHABLE('new.body')});
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages ${when} BEGIN
         INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, ${SEARCHABLE('old.body')});
       END`,
    );
  }
}
