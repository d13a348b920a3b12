import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { defaultOf } from '../migration-helpers.js';

/** Lock-out state of usernames without an account, kept across restarts like a real account's. */
export class UnknownLogins1764400001300 implements MigrationInterface {
  name = 'UnknownLogins1764400001300';

  async up(queryRunner: QueryRunner): Promise<void> {
    const zero = defaultOf(queryRunner, 0);
    await queryRunner.createTable(
      new Table({
        name: 'unknown_logins',
        columns: [
          { name: 'username', type: 'varchar', length: '64', isPrimary: true },
          { name: 'failed_logins', type: 'integer', default: zero },
          { name: 'lock_count', type: 'integer', default: zero },
          { name: 'locked_until', type: 'bigint', isNullable: true },
          { name: 'updated_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'idx_unknown_logins_updated', columnNames: ['updated_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('unknown_logins');
  }
}
