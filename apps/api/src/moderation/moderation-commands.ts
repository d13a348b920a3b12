import { Injectable, type OnModuleInit } from '@nestjs/common';
import { banSchema, kickSchema, muteSchema, warnSchema } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '../common/actor.js';
import { CommandRegistry } from '../commands/command-registry.service.js';
import { AppError } from '../common/app-error.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { User } from '../users/user.entity.js';
import { formatMinutes, parseCommandArgs } from './moderation-args.js';
import { ModerationService } from './moderation.service.js';

const DEFAULT_MUTE_MINUTES = 10;

/**
 * /mute, /unmute, /kick, /ban, /unban and /warn. No command permission: room owners and
 * moderators may use them in their room, so the service decides, as it does for REST.
 */
@Injectable()
export class ModerationCommands implements OnModuleInit {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly moderation: ModerationService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.command('mute', '/mute @user [10m|2h|1d] [reason]', 'Silence someone in this room', true, (c) =>
      this.moderation
        .mute(
          c.actor,
          c.roomId,
          valid(muteSchema, { ...c.input, minutes: c.minutes ?? DEFAULT_MUTE_MINUTES }),
        )
        .then(() => `@${c.username} is muted for ${formatMinutes(c.minutes ?? DEFAULT_MUTE_MINUTES)}.`),
    );
    this.command('unmute', '/unmute @user', 'Let a muted member write again', false, (c) =>
      this.moderation
        .unmute(c.actor, c.roomId, valid(kickSchema, c.input))
        .then(() => `@${c.username} may write again.`),
    );
    this.command('kick', '/kick @user [reason]', 'Remove someone from this room', false, (c) =>
      this.moderation
        .kick(c.actor, c.roomId, valid(kickSchema, c.input))
        .then(() => `@${c.username} was removed.`),
    );
    this.command('ban', '/ban @user [duration] [reason]', 'Remove someone and keep them out', true, (c) =>
      this.moderation
        .ban(c.actor, c.roomId, valid(banSchema, { ...c.input, minutes: c.minutes }))
        .then(() => `@${c.username} is banned${c.minutes ? ` for ${formatMinutes(c.minutes)}` : ''}.`),
    );
    this.command('unban', '/unban @user', 'Lift a ban from this room', false, (c) =>
      this.moderation
        .unban(c.actor, c.roomId, valid(kickSchema, c.input))
        .then(() => `@${c.username} may come back.`),
    );
    this.command('warn', '/warn @user <reason>', 'Warn someone privately', false, (c) =>
      this.moderation
        .warn(c.actor, c.roomId, valid(warnSchema, { ...c.input, reason: c.input.reason ?? '' }))
        .then(() => `@${c.username} was warned.`),
    );
  }

  private command(
    name: string,
    usage: string,
    description: string,
    withDuration: boolean,
    run: (call: Call) => Promise<string>,
  ): void {
    this.registry.register({
      name,
      usage,
      description: `${description} (moderators)`,
      run: async ({ actor, roomId, args }) => {
        const { username, minutes, reason } = parseCommandArgs(args, usage, withDuration);
        const user = await this.dataSource.getRepository(User).findOneBy({ username });
        if (!user) throw new AppError('NOT_FOUND', `There is no user @${username}.`);
        return {
          notice: await run({ actor, roomId, username, minutes, input: { userId: user.id, reason } }),
        };
      },
    });
  }
}

interface Call {
  actor: Actor;
  roomId: number;
  username: string;
  minutes?: number;
  input: { userId: number; reason?: string };
}

function valid<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return new ZodPipe(schema).transform(value);
}
