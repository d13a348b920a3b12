import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { defaultOf } from '../migration-helpers.js';

export class CreateUsers1764400000000 implements MigrationInterface {
  name = 'CreateUsers1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'username', type: 'varchar', length: '64', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '128' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'status', type: 'varchar', length: '16', default: "'active'" },
          { name: 'must_change_password', type: 'boolean', default: defaultOf(queryRunner, false) },
          { name: 'failed_logins', type: 'integer', default: 0 },
          { name: 'locked_until', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_login_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users');
  }
}
