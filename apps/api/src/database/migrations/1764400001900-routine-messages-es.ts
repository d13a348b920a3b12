import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The console is bilingual: each routine check's sentence is stored in Spanish too, beside the
 * English `message` outside programs read. Rows stored before stay null (the console shows English).
 */
export class RoutineMessagesEs1764400001900 implements MigrationInterface {
  name = 'RoutineMessagesEs1764400001900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'routine_run_items',
      new TableColumn({ name: 'message_es', type: 'text', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('routine_run_items', 'message_es');
  }
}
