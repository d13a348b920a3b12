import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { defaultOf } from '../migration-helpers.js';

/** Per-room retention overrides, the history of retention runs, and the audit chain's anchors. */
export class Retention1764400001000 implements MigrationInterface {
  name = 'Retention1764400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const zero = defaultOf(queryRunner, 0);
    await queryRunner.createTable(
      new Table({
        name: 'room_retention',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'message_days', type: 'integer', isNullable: true },
          { name: 'updated_at', type: 'bigint' },
          { name: 'updated_by', type: 'integer', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_room_retention_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'retention_runs',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'slot', type: 'bigint', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'started_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
          { name: 'actor_id', type: 'integer', isNullable: true },
          { name: 'messages', type: 'integer', default: zero },
          { name: 'rooms_affected', type: 'integer', default: zero },
          { name: 'reactions', type: 'integer', default: zero },
          { name: 'reports', type: 'integer', default: zero },
          { name: 'audit_entries', type: 'integer', default: zero },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_retention_runs_slot', columnNames: ['slot'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_anchors',
        columns: [
          { name: 'through_id', type: 'integer', isPrimary: true },
          { name: 'through_hash', type: 'varchar', length: '64' },
          { name: 'removed_count', type: 'integer' },
          { name: 'entry_id', type: 'integer' },
          { name: 'created_at', type: 'bigint' },
          { name: 'actor_id', type: 'integer', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_anchors', 'retention_runs', 'room_retention'])
      await queryRunner.dropTable(table);
  }
}
