import type { DataSource, EntityManager } from 'typeorm';
import { prepared, sqliteConnection } from '../database/sqlite-statements.js';
import { withSqliteRead } from '../database/sqlite-serialization.js';
import { RoleRow } from './role.entity.js';
import { UserRole } from './user-role.entity.js';

/** What a role grants: enough for permissionsOf() and the 2FA requirement. */
export type RoleGrant = Pick<RoleRow, 'name' | 'builtin' | 'permissions' | 'requireTwoFactor'>;

/**
 * The user's roles by name, read on every request (the auth guard) and socket handshake: on
 * SQLite outside a transaction with a statement prepared once, otherwise through TypeORM and
 * `manager` (so a transaction sees its own changes).
 */
export async function readRolesOf(
  dataSource: DataSource,
  userId: number,
  manager: EntityManager = dataSource.manager,
): Promise<RoleGrant[]> {
  const db = sqliteConnection(dataSource);
  if (!db || manager !== dataSource.manager) {
    return manager
      .getRepository(RoleRow)
      .createQueryBuilder('role')
      .innerJoin(UserRole, 'link', 'link.role_id = role.id')
      .where('link.user_id = :userId', { userId })
      .orderBy('role.name')
      .getMany();
  }
  const rows = await withSqliteRead(
    dataSource,
    () =>
      prepared(
        db,
        `SELECT r.name, r.builtin, r.permissions, r.require_two_factor FROM roles r
           JOIN user_roles l ON l.role_id = r.id WHERE l.user_id = ? ORDER BY r.name`,
      ).all(userId) as Array<{
        name: string;
        builtin: number;
        permissions: string;
        require_two_factor: number;
      }>,
  );
  return rows.map((row) => ({
    name: row.name,
    builtin: Boolean(row.builtin),
    permissions: row.permissions,
    requireTwoFactor: Boolean(row.require_two_factor),
  }));
}
