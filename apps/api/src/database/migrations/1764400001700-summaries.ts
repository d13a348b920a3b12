import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { defaultOf } from '../migration-helpers.js';

/** AI summaries kept across restarts, rooms' daily digests, and each member's catch-up threshold. */
export class Summaries1764400001700 implements MigrationInterface {
  name = 'Summaries1764400001700';

  async up(queryRunner: QueryRunner): Promise<void> {
    const room = (table: string) =>
      new TableForeignKey({
        name: `fk_${table}_room`,
        columnNames: ['room_id'],
        referencedTableName: 'rooms',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });
    await queryRunner.createTable(
      new Table({
        name: 'summary_jobs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'room_id', type: 'integer' },
          { name: 'user_id', type: 'integer', isNullable: true },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'last_message_id', type: 'integer', isNullable: true },
          { name: 'view', type: 'text' },
          { name: 'created_at', type: 'bigint' },
        ],
        foreignKeys: [room('summary_jobs')],
        indices: [new TableIndex({ name: 'idx_summary_jobs_room', columnNames: ['room_id', 'created_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'room_digests',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'enabled', type: 'boolean' },
          { name: 'at', type: 'varchar', length: '5' },
          { name: 'time_zone', type: 'varchar', length: '64' },
          { name: 'last_run_at', type: 'bigint', isNullable: true },
          { name: 'last_message_id', type: 'integer', default: defaultOf(queryRunner, 0) },
          { name: 'updated_at', type: 'bigint' },
          { name: 'updated_by', type: 'integer', isNullable: true },
        ],
        foreignKeys: [room('room_digests')],
      }),
    );
    await queryRunner.addColumn(
      'users',
      new TableColumn({ name: 'ai_catch_up_after', type: 'integer', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'ai_catch_up_after');
    await queryRunner.dropTable('room_digests');
    await queryRunner.dropTable('summary_jobs');
  }
}
