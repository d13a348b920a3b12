import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The text the search index sees: nothing for an encrypted body (see apps/api/src/encryption). */
const SEARCHABLE = (body: string) => `CASE WHEN substr(${body}, 1, 7) = 'enc:v1:' THEN '' ELSE ${body} END`;

/**
 * Encryption at rest: room for the encrypted form of the TOTP secret and the email (the other
 * encrypted columns are wide enough already), and a SQLite search index that never holds the
 * ciphertext of an encrypted message body. Encrypting the existing values is not done here: the
 * key ring is outside the database, and the server's background pass does it at start-up.
 */
export class Encryption1764400001100 implements MigrationInterface {
  name = 'Encryption1764400001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await widen(queryRunner, 'user_totp', 'secret', '64', '255', false);
    await widen(queryRunner, 'users', 'email', '254', '512', true);
    if (queryRunner.connection.options.type !== 'postgres') {
      await rebuildSqliteSearch(queryRunner, 'messages_search_text', SEARCHABLE);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') {
      await rebuildSqliteSearch(queryRunner, 'messages', (body) => body);
    }
    await widen(queryRunner, 'users', 'email', '512', '254', true);
    await widen(queryRunner, 'user_totp', 'secret', '255', '64', false);
  }
}

async function widen(
  queryRunner: QueryRunner,
  table: string,
  column: string,
  from: string,
  to: string,
  isNullable: boolean,
): Promise<void> {
  await queryRunner.changeColumn(
    table,
    new TableColumn({ name: column, type: 'varchar', length: from, isNullable }),
    new TableColumn({ name: column, type: 'varchar', length: to, isNullable }),
  );
}

/**
 * The FTS5 table of migration 1764400000800 reads its text from `content`: either `messages`
 * itself, or a view showing '' for encrypted bodies. With the view, the triggers, 'rebuild' and
 * 'integrity-check' all agree, so the index stays consistent whichever rows are encrypted.
 */
async function rebuildSqliteSearch(
  queryRunner: QueryRunner,
  content: string,
  searchable: (body: string) => string,
): Promise<void> {
  for (const trigger of ['messages_fts_insert', 'messages_fts_update', 'messages_fts_delete']) {
    await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
  await queryRunner.query('DROP TABLE IF EXISTS messages_fts');
  await queryRunner.query('DROP VIEW IF EXISTS messages_search_text');
  if (content === 'messages_search_text') {
    await queryRunner.query(
      `CREATE VIEW messages_search_text AS SELECT id, ${searchable('body')} AS body FROM messages`,
    );
  }
  await queryRunner.query(
    `CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='${content}', content_rowid='id',
       tokenize='unicode61 remove_diacritics 2')`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
       INSERT INTO messages_fts(rowid, body) VALUES (new.id, ${searchable('new.body')});
     END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
       INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, ${searchable('old.body')});
       INSERT INTO messages_fts(rowid, body) VALUES (new.id, ${searchable('new.body')});
     END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
       INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, ${searchable('old.body')});
     END`,
  );
  await queryRunner.query(`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`);
}
