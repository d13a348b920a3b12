import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in moderator role reads the audit trail (issue 13: "a moderator sees moderation and
 * audit"); moderators review activity, and the trail is where it is. Built-in roles cannot be
 * edited at run time, so this is the only way the role changes. A team that wants moderators
 * without it creates a custom role with the moderation permissions alone.
 */
export class ModeratorsReadAudit1764400001800 implements MigrationInterface {
  name = 'ModeratorsReadAudit1764400001800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await changeModerator(queryRunner, (permissions) => [...new Set([...permissions, 'audit.read'])]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await changeModerator(queryRunner, (permissions) => permissions.filter((p) => p !== 'audit.read'));
  }
}

async function changeModerator(
  queryRunner: QueryRunner,
  change: (permissions: string[]) => string[],
): Promise<void> {
  const driver = queryRunner.connection.driver;
  const [select, selectParams] = driver.escapeQueryWithParameters(
    'SELECT id, permissions FROM roles WHERE name = :name',
    { name: 'moderator' },
  );
  const rows = (await queryRunner.query(select, selectParams)) as { id: number; permissions: string }[];
  for (const row of rows) {
    const permissions = change(JSON.parse(row.permissions) as string[]);
    const [update, updateParams] = driver.escapeQueryWithParameters(
      'UPDATE roles SET permissions = :permissions WHERE id = :id',
      { permissions: JSON.stringify(permissions), id: row.id },
    );
    await queryRunner.query(update, updateParams);
  }
}
