import { type AdminUser, createUserSchema } from '@atrio/protocol';
import { parseListQuery } from '../common/ra-list.js';
import { USER_SORTABLE, UserDirectoryService } from '../users/user-directory.service.js';
import { UserSecurityService } from '../users/user-security.service.js';
import { UsersAdminService } from '../users/users-admin.service.js';
import type { Register } from './command-kit.js';
import { CliError, EXIT } from './exit-codes.js';
import { fields, table, when } from './output.js';
import { newPassword } from './prompt.js';
import { userIdOf } from './user-lookup.js';

const PAGE = 500;
const STATUSES = ['active', 'locked', 'disabled'];

export const registerUserCommands: Register = (program, act) => {
  const user = program.command('user').description('create, list, unlock accounts and reset passwords');

  user
    .command('create <username>')
    .description('create an account; the password is temporary: it must be changed at first login')
    .option('--display-name <name>', 'the name others see (default: the username)')
    .option('--email <address>', 'e-mail address')
    .option('--role <role...>', 'roles to grant (default: member)')
    .option('--password-stdin', 'read the password from the first line of stdin instead of asking')
    .action(
      act(
        async (
          run,
          username: string,
          options: { displayName?: string; email?: string; role?: string[]; passwordStdin?: boolean },
        ) => {
          const input = createUserSchema.safeParse({
            username,
            displayName: options.displayName ?? username,
            email: options.email,
            roles: options.role,
            password: await newPassword(run.io, options.passwordStdin === true),
          });
          if (!input.success) {
            throw new CliError(
              EXIT.usage,
              'The account was not created: some values are invalid.',
              'VALIDATION_FAILED',
              {
                fields: input.error.issues.map((issue) => ({
                  path: issue.path.join('.'),
                  message: issue.message,
                })),
              },
            );
          }
          const id = await (await run.get(UsersAdminService)).create(null, input.data);
          const created = await (await run.get(UserDirectoryService)).get(id);
          return {
            data: created,
            text: `Created user ${created.username} (id ${id}, roles ${created.roles.join(', ')}); they must change the password at first login.\n`,
          };
        },
      ),
    );

  user
    .command('list')
    .description('list accounts')
    .option('--role <role>', 'only holders of this role')
    .option('--status <status>', 'active, locked or disabled')
    .option('--search <text>', 'part of the username or display name')
    .action(
      act(async (run, options: { role?: string; status?: string; search?: string }) => {
        if (options.status !== undefined && !STATUSES.includes(options.status)) {
          throw new CliError(
            EXIT.usage,
            `--status must be one of ${STATUSES.join(', ')}.`,
            'VALIDATION_FAILED',
          );
        }
        const directory = await run.get(UserDirectoryService);
        const filter = JSON.stringify({ role: options.role, status: options.status, q: options.search });
        const users: AdminUser[] = [];
        for (let total = Infinity; users.length < total;) {
          const range = JSON.stringify([users.length, users.length + PAGE - 1]);
          const page = await directory.list(
            parseListQuery({ sort: '["id","ASC"]', range, filter }, USER_SORTABLE, 'id'),
          );
          users.push(...page.rows);
          total = page.rows.length === 0 ? users.length : page.total;
        }
        const rows = users.map((u) => [
          u.id,
          u.username,
          u.displayName,
          u.roles.join(',') || '-',
          u.status,
          u.twoFactorEnabled ? 'yes' : 'no',
          when(u.lastLoginAt),
        ]);
        return {
          data: users,
          text: table(['ID', 'USERNAME', 'NAME', 'ROLES', 'STATUS', '2FA', 'LAST LOGIN'], rows),
        };
      }),
    );

  user
    .command('unlock <username>')
    .description('lift a lock-out after failed logins')
    .action(
      act(async (run, username: string) => {
        const id = await userIdOf(run, username);
        await (await run.get(UserSecurityService)).unlock(null, id);
        const unlocked = await (await run.get(UserDirectoryService)).get(id);
        return { data: unlocked, text: `Unlocked ${unlocked.username}; status ${unlocked.status}.\n` };
      }),
    );

  user
    .command('reset-password <username>')
    .description('set a random one-time password, end the sessions; the user must change it at next login')
    .action(
      act(async (run, username: string) => {
        const id = await userIdOf(run, username);
        const { temporaryPassword } = await (await run.get(UserSecurityService)).resetPassword(null, id);
        return {
          data: { id, username, temporaryPassword, mustChangePassword: true },
          text:
            fields([
              ['user', username],
              ['temporary password', temporaryPassword],
            ]) + 'Give it to the user privately; it is shown only now and must be changed at next login.\n',
        };
      }),
    );
};
