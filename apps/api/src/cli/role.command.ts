import type { Role } from '@atrio/protocol';
import { parseListQuery } from '../common/ra-list.js';
import { ROLE_SORTABLE, RolesService } from '../roles/roles.service.js';
import { UsersAdminService } from '../users/users-admin.service.js';
import type { CliRun } from './cli-run.js';
import type { Register } from './command-kit.js';
import { CliError, EXIT } from './exit-codes.js';
import { table } from './output.js';
import { userIdOf } from './user-lookup.js';

export const registerRoleCommands: Register = (program, act) => {
  const role = program.command('role').description('list roles, grant and revoke them');

  role
    .command('list')
    .description('list the roles with their permissions and how many users hold them')
    .action(
      act(async (run) => {
        const roles = await allRoles(run);
        const rows = roles.map((r) => [
          r.name,
          r.builtin ? 'yes' : 'no',
          r.requireTwoFactor ? 'yes' : 'no',
          r.userCount,
          r.permissions.join(' '),
        ]);
        return { data: roles, text: table(['ROLE', 'BUILT-IN', '2FA', 'USERS', 'PERMISSIONS'], rows) };
      }),
    );

  role
    .command('grant <username> <role>')
    .description('give a user a role (on top of the ones they have)')
    .action(act((run, username: string, name: string) => change(run, username, name, 'grant')));

  role
    .command('revoke <username> <role>')
    .description('take a role away from a user (never the last administrator)')
    .action(act((run, username: string, name: string) => change(run, username, name, 'revoke')));
};

async function change(run: CliRun, username: string, name: string, how: 'grant' | 'revoke') {
  const roles = await allRoles(run);
  if (!roles.some((r) => r.name === name)) {
    throw new CliError(
      EXIT.notFound,
      `There is no role "${name}" (roles: ${roles.map((r) => r.name).join(', ')}).`,
    );
  }
  const id = await userIdOf(run, username);
  const before = (await (await run.get(RolesService)).rolesOfUsers([id])).get(id) ?? [];
  const after = how === 'grant' ? [...new Set([...before, name])] : before.filter((r) => r !== name);
  const changed = after.length !== before.length;
  if (changed) await (await run.get(UsersAdminService)).update(null, id, { roles: after });
  const verb = how === 'grant' ? 'granted to' : 'revoked from';
  const text = changed
    ? `Role ${name} ${verb} ${username}; roles now: ${after.join(', ') || 'none'}.\n`
    : `Nothing to do: ${username} ${how === 'grant' ? 'already holds' : 'does not hold'} ${name}.\n`;
  return { data: { username, roles: after, changed }, text };
}

async function allRoles(run: CliRun): Promise<Role[]> {
  const request = parseListQuery({ sort: '["name","ASC"]', range: '[0,499]' }, ROLE_SORTABLE, 'name');
  return (await (await run.get(RolesService)).list(request)).rows;
}
