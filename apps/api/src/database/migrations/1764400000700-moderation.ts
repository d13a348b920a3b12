import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { defaultOf } from '../migration-helpers.js';

export class Moderation1764400000700 implements MigrationInterface {
  name = 'Moderation1764400000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'message_reports',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'message_id', type: 'integer' },
          { name: 'room_id', type: 'integer' },
          { name: 'reporter_id', type: 'integer' },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'status', type: 'varchar', length: '16', default: defaultOf(queryRunner, 'open') },
          { name: 'resolution', type: 'varchar', length: '64', isNullable: true },
          { name: 'resolved_by', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'resolved_at', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_message_reports_message',
            columnNames: ['message_id'],
            referencedTableName: 'messages',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'fk_message_reports_reporter',
            columnNames: ['reporter_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({
            name: 'idx_message_reports_reporter',
            columnNames: ['message_id', 'reporter_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_message_reports_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'idx_message_reports_room', columnNames: ['room_id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('message_reports');
  }
}
