import { usernameSchema } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { User } from '../users/user.entity.js';
import type { CliRun } from './cli-run.js';
import { CliError, EXIT } from './exit-codes.js';

/** The id of the account named `username` (any case), or exit 3. */
export async function userIdOf(run: CliRun, username: string): Promise<number> {
  const parsed = usernameSchema.safeParse(username);
  const user = parsed.success
    ? await (
        await run.get(DataSource)
      )
        .getRepository(User)
        .findOne({ where: { username: parsed.data }, select: { id: true } })
    : null;
  if (!user) throw new CliError(EXIT.notFound, `There is no user "${username}".`);
  return user.id;
}
