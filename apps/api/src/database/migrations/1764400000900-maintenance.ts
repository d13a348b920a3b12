import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Runs of the maintenance routines (manual §8) and the result of each of their items. */
export class Maintenance1764400000900 implements MigrationInterface {
  name = 'Maintenance1764400000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    const id = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    await queryRunner.createTable(
      new Table({
        name: 'routine_runs',
        columns: [
          id,
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'started_by', type: 'integer', isNullable: true },
          { name: 'started_by_name', type: 'varchar', length: '64', isNullable: true },
          { name: 'started_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'checks_status', type: 'varchar', length: '16', isNullable: true },
          { name: 'acknowledged_by', type: 'integer', isNullable: true },
          { name: 'acknowledged_by_name', type: 'varchar', length: '64', isNullable: true },
          { name: 'acknowledged_at', type: 'bigint', isNullable: true },
          { name: 'acknowledge_comment', type: 'varchar', length: '1000', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'idx_routine_runs_kind', columnNames: ['kind', 'id'] }),
          new TableIndex({ name: 'idx_routine_runs_status', columnNames: ['status', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'routine_run_items',
        columns: [
          id,
          { name: 'run_id', type: 'integer' },
          { name: 'position', type: 'integer' },
          { name: 'item_id', type: 'varchar', length: '64' },
          { name: 'type', type: 'varchar', length: '8' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'message', type: 'text', isNullable: true },
          { name: 'figures', type: 'text', default: "'{}'" },
          { name: 'duration_ms', type: 'integer', isNullable: true },
          { name: 'ticked_by', type: 'integer', isNullable: true },
          { name: 'ticked_by_name', type: 'varchar', length: '64', isNullable: true },
          { name: 'ticked_at', type: 'bigint', isNullable: true },
          { name: 'comment', type: 'varchar', length: '1000', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_routine_run_items_run',
            columnNames: ['run_id'],
            referencedTableName: 'routine_runs',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({
            name: 'idx_routine_run_items_item',
            columnNames: ['run_id', 'item_id'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('routine_run_items');
    await queryRunner.dropTable('routine_runs');
  }
}
