import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { defaultOf } from '../migration-helpers.js';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

export class Chat1764400000600 implements MigrationInterface {
  name = 'Chat1764400000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rooms',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '80' },
          { name: 'description', type: 'varchar', length: '500', default: "''" },
          { name: 'topic', type: 'varchar', length: '250', default: "''" },
          { name: 'visibility', type: 'varchar', length: '16' },
          { name: 'direct_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'created_by', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'archived_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'idx_rooms_direct_key', columnNames: ['direct_key'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'room_members',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'role', type: 'varchar', length: '16', default: "'member'" },
          { name: 'joined_at', type: 'bigint' },
          { name: 'delivered_id', type: 'integer', default: defaultOf(queryRunner, 0) },
          { name: 'read_id', type: 'integer', default: defaultOf(queryRunner, 0) },
          { name: 'muted_until', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [
          fk('fk_room_members_room', 'room_id', 'rooms'),
          fk('fk_room_members_user', 'user_id', 'users'),
        ],
        indices: [new TableIndex({ name: 'idx_room_members_user', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'room_bans',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'until', type: 'bigint', isNullable: true },
          { name: 'reason', type: 'varchar', length: '500', default: "''" },
          { name: 'banned_by', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        foreignKeys: [
          fk('fk_room_bans_room', 'room_id', 'rooms'),
          fk('fk_room_bans_user', 'user_id', 'users'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'messages',
        columns: [
          id,
          { name: 'room_id', type: 'integer' },
          { name: 'author_id', type: 'integer', isNullable: true },
          { name: 'author_name', type: 'varchar', length: '128' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'body', type: 'text' },
          { name: 'client_msg_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'reply_to_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'edited_at', type: 'bigint', isNullable: true },
          { name: 'deleted_at', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [
          fk('fk_messages_room', 'room_id', 'rooms'),
          fk('fk_messages_author', 'author_id', 'users', 'SET NULL'),
        ],
        indices: [
          new TableIndex({ name: 'idx_messages_room_id', columnNames: ['room_id', 'id'] }),
          new TableIndex({
            name: 'idx_messages_client_id',
            columnNames: ['author_id', 'client_msg_id'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'message_reactions',
        columns: [
          { name: 'message_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'emoji', type: 'varchar', length: '16', isPrimary: true },
        ],
        foreignKeys: [
          fk('fk_reactions_message', 'message_id', 'messages'),
          fk('fk_reactions_user', 'user_id', 'users'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['message_reactions', 'messages', 'room_bans', 'room_members', 'rooms']) {
      await queryRunner.dropTable(table);
    }
  }
}

function fk(
  name: string,
  column: string,
  table: string,
  onDelete: 'CASCADE' | 'SET NULL' = 'CASCADE',
): TableForeignKey {
  return new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });
}
