import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over message bodies. SQLite: an external-content FTS5 table (the text is not
 * stored twice) kept in step by triggers. PostgreSQL: a GIN expression index; the text search
 * configuration is a copy of `simple` (no stemming, so Spanish and English behave alike) that also
 * strips accents when the unaccent extension can be created without a superuser.
 */
export class MessageSearch1764400000800 implements MigrationInterface {
  name = 'MessageSearch1764400000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') await this.upPostgres(queryRunner);
    else await this.upSqlite(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP INDEX IF EXISTS idx_messages_search');
      await queryRunner.query('DROP TEXT SEARCH CONFIGURATION IF EXISTS atrio_search');
      // unaccent stays: it may have been there before, and other objects may use it.
      return;
    }
    for (const trigger of ['messages_fts_insert', 'messages_fts_update', 'messages_fts_delete']) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
    await queryRunner.query('DROP TABLE IF EXISTS messages_fts');
  }

  private async upSqlite(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='id',
         tokenize='unicode61 remove_diacritics 2')`,
    );
    // An external-content index must be told the old text to forget it, hence 'delete' with old.body.
    await queryRunner.query(
      `CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
         INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
         INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
         INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
         INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
       END`,
    );
    await queryRunner.query(`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`);
  }

  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TEXT SEARCH CONFIGURATION atrio_search (COPY = pg_catalog.simple)');
    await optionally(queryRunner, async () => {
      await queryRunner.query('CREATE EXTENSION IF NOT EXISTS unaccent');
      await queryRunner.query(
        `ALTER TEXT SEARCH CONFIGURATION atrio_search
           ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple`,
      );
    });
    // Building the index indexes the existing rows: no separate backfill.
    await queryRunner.query(
      `CREATE INDEX idx_messages_search ON messages USING GIN (to_tsvector('atrio_search', body))`,
    );
  }
}

/** Runs `work`, and on failure undoes only it (a failed statement would abort the whole transaction). */
async function optionally(queryRunner: QueryRunner, work: () => Promise<void>): Promise<void> {
  const inTransaction = queryRunner.isTransactionActive;
  if (inTransaction) await queryRunner.query('SAVEPOINT message_search_unaccent');
  try {
    await work();
    if (inTransaction) await queryRunner.query('RELEASE SAVEPOINT message_search_unaccent');
  } catch (error) {
    if (inTransaction) await queryRunner.query('ROLLBACK TO SAVEPOINT message_search_unaccent');
    const reason = error instanceof Error ? error.message : String(error);
    queryRunner.connection.logger.log('warn', `search: no accent folding (unaccent: ${reason})`);
  }
}
