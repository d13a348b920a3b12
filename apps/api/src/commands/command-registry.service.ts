import { Injectable } from '@nestjs/common';
import type { CommandInfo, Message, Permission } from '@atrio/protocol';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';

export interface CommandContext {
  actor: Actor;
  roomId: number;
  /** Everything after the command name, trimmed. */
  args: string;
  clientMsgId: string;
}

export interface CommandResult {
  /** A message the command stored (e.g. /me). */
  message?: Message;
  /** Text shown only to the caller (e.g. /help). */
  notice?: string;
}

export interface ChatCommand {
  name: string;
  usage: string;
  description: string;
  permission?: Permission;
  run(context: CommandContext): Promise<CommandResult>;
}

/** The commands typed in chat. Features register theirs; each run is permission-checked and audited. */
@Injectable()
export class CommandRegistry {
  private readonly commands = new Map<string, ChatCommand>();

  constructor(private readonly audit: AuditService) {}

  register(command: ChatCommand): void {
    this.commands.set(command.name, command);
  }

  available(actor: Actor): ChatCommand[] {
    return [...this.commands.values()]
      .filter((command) => !command.permission || actor.permissions.has(command.permission))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** What the chat client offers as the person types `/`: the same list /help prints. */
  catalogue(actor: Actor): CommandInfo[] {
    return this.available(actor).map(({ name, usage, description }) => ({ name, usage, description }));
  }

  async execute(
    actor: Actor,
    roomId: number,
    body: string,
    clientMsgId: string,
  ): Promise<CommandResult & { command: string }> {
    const match = /^\/(\S+)\s*([\s\S]*)$/.exec(body.trim());
    const name = match?.[1]?.toLowerCase() ?? '';
    const command = this.commands.get(name);
    if (!command)
      throw new AppError('UNKNOWN_COMMAND', `There is no command /${name}; type /help to see them.`);
    if (command.permission && !actor.permissions.has(command.permission)) {
      await this.record(actor, name, roomId, 'denied');
      throw new AppError('FORBIDDEN', `/${name} needs the ${command.permission} permission.`);
    }
    try {
      const result = await command.run({ actor, roomId, args: match?.[2]?.trim() ?? '', clientMsgId });
      await this.record(actor, name, roomId, 'success');
      return { command: name, ...result };
    } catch (error) {
      await this.record(actor, name, roomId, 'failure', error instanceof AppError ? error.code : 'INTERNAL');
      throw error;
    }
  }

  private async record(
    actor: Actor,
    name: string,
    roomId: number,
    outcome: 'success' | 'failure' | 'denied',
    errorCode?: string,
  ) {
    await this.audit.record({
      actor,
      action: 'command.used',
      target: `room:${roomId}`,
      outcome,
      details: { command: name, ...(errorCode ? { errorCode } : {}) },
    });
  }
}
