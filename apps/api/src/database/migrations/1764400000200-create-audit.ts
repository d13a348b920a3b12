import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Written out rather than imported: a migration must not change when application code does. */
const GENESIS_HASH = '0000000000000000000000000000000000000000000000000000000000000000';

export class CreateAudit1764400000200 implements MigrationInterface {
  name = 'CreateAudit1764400000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'at', type: 'bigint' },
          { name: 'actor_id', type: 'integer', isNullable: true },
          { name: 'actor_name', type: 'varchar', length: '128', isNullable: true },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'target', type: 'varchar', length: '255', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'details', type: 'text' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [
          { name: 'IDX_audit_entries_at', columnNames: ['at'] },
          { name: 'IDX_audit_entries_action', columnNames: ['action'] },
          { name: 'IDX_audit_entries_actor_id', columnNames: ['actor_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_chain_head',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'last_id', type: 'integer' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO audit_chain_head (id, last_id, hash) VALUES (1, 0, '${GENESIS_HASH}')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_chain_head');
    await queryRunner.dropTable('audit_entries');
  }
}
