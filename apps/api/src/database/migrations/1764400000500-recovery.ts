import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class Recovery1764400000500 implements MigrationInterface {
  name = 'Recovery1764400000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'server_secrets',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'varchar', length: '255' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'security_answers',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'integer' },
          { name: 'question', type: 'varchar', length: '40' },
          { name: 'answer_hash', type: 'varchar', length: '255' },
          { name: 'created_at', type: 'bigint' },
        ],
        foreignKeys: [userForeignKey('fk_security_answers_user')],
        indices: [
          new TableIndex({
            name: 'idx_security_answers_user_question',
            columnNames: ['user_id', 'question'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reset_codes',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'integer' },
          { name: 'code_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'used_at', type: 'bigint', isNullable: true },
          { name: 'created_by', type: 'integer', isNullable: true },
        ],
        foreignKeys: [userForeignKey('fk_reset_codes_user')],
        indices: [new TableIndex({ name: 'idx_reset_codes_user', columnNames: ['user_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reset_codes');
    await queryRunner.dropTable('security_answers');
    await queryRunner.dropTable('server_secrets');
  }
}

function userForeignKey(name: string): TableForeignKey {
  return new TableForeignKey({
    name,
    columnNames: ['user_id'],
    referencedTableName: 'users',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });
}
