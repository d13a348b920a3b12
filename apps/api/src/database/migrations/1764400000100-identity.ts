import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { defaultOf, insertRow } from '../migration-helpers.js';

/** Built-in roles as first shipped; `admin` always holds every permission, whatever is stored. */
const BUILTIN_ROLES = [
  { name: 'admin', description: 'IT administrators: everything.', permissions: [] as string[] },
  {
    name: 'moderator',
    description: 'Review reports and activity, remove messages, mute or remove members.',
    permissions: [
      'messages.send',
      'rooms.create',
      'rooms.manage_any',
      'moderation.moderate',
      'users.read',
      'ai.summarize',
    ],
  },
  {
    name: 'member',
    description: 'Employees: chat, create rooms, ask for summaries.',
    permissions: ['messages.send', 'rooms.create', 'ai.summarize'],
  },
  {
    name: 'auditor',
    description: 'Read the audit trail, accounts and monitoring; change nothing.',
    permissions: ['audit.read', 'users.read', 'monitoring.read'],
  },
];

export class Identity1764400000100 implements MigrationInterface {
  name = 'Identity1764400000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'email', type: 'varchar', length: '254', isNullable: true }),
      new TableColumn({ name: 'lock_count', type: 'integer', default: defaultOf(queryRunner, 0) }),
      new TableColumn({ name: 'language', type: 'varchar', length: '8', default: "'es'" }),
      new TableColumn({ name: 'notifications', type: 'text', default: "'{}'" }),
      new TableColumn({ name: 'password_changed_at', type: 'bigint', isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'roles',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'name', type: 'varchar', length: '64', isUnique: true },
          { name: 'description', type: 'varchar', length: '500', default: "''" },
          { name: 'permissions', type: 'text', default: "'[]'" },
          { name: 'builtin', type: 'boolean', default: defaultOf(queryRunner, false) },
          { name: 'require_two_factor', type: 'boolean', default: defaultOf(queryRunner, false) },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_roles',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'role_id', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          foreignKey('fk_user_roles_user', 'user_id', 'users'),
          foreignKey('fk_user_roles_role', 'role_id', 'roles'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'user_id', type: 'integer' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_seen_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'idle_timeout_ms', type: 'integer' },
          { name: 'ip', type: 'varchar', length: '64' },
          { name: 'user_agent', type: 'varchar', length: '255' },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
          { name: 'revoke_reason', type: 'varchar', length: '64', isNullable: true },
        ],
        foreignKeys: [foreignKey('fk_sessions_user', 'user_id', 'users')],
        indices: [
          new TableIndex({ name: 'idx_sessions_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'idx_sessions_user', columnNames: ['user_id'] }),
        ],
      }),
    );
    const now = Date.now();
    for (const role of BUILTIN_ROLES) {
      await insertRow(queryRunner, 'roles', {
        name: role.name,
        description: role.description,
        permissions: JSON.stringify(role.permissions),
        builtin: true,
        require_two_factor: false,
        created_at: now,
      });
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('user_roles');
    await queryRunner.dropTable('roles');
    for (const column of ['password_changed_at', 'notifications', 'language', 'lock_count', 'email']) {
      await queryRunner.dropColumn('users', column);
    }
  }
}

function foreignKey(name: string, column: string, table: string): TableForeignKey {
  return new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });
}
