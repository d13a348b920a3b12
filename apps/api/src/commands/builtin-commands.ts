import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomRow } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { User } from '../users/user.entity.js';
import { CommandRegistry } from './command-registry.service.js';

/** /help, /me, /join, /leave, /topic and /invite (/summary is the summaries feature's). */
@Injectable()
export class BuiltinCommands implements OnModuleInit {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const { registry } = this;
    registry.register({
      name: 'help',
      usage: '/help',
      description: 'List the commands you may use',
      run: async ({ actor }) => ({
        notice: registry
          .available(actor)
          .map((c) => `${c.usage} — ${c.description}`)
          .join('\n'),
      }),
    });
    registry.register({
      name: 'me',
      usage: '/me <action>',
      description: 'Say what you are doing',
      permission: 'messages.send',
      run: async ({ actor, roomId, args, clientMsgId }) => ({
        message: await this.messages.send(actor, {
          roomId,
          body: required(args, '/me <action>'),
          clientMsgId,
          kind: 'me',
        }),
      }),
    });
    registry.register({
      name: 'join',
      usage: '/join <room name>',
      description: 'Join a public room',
      run: async ({ actor, args }) => {
        const name = required(args, '/join <room name>').replace(/^#/, '');
        // Only public rooms are looked up: a private room's name must not leak through a different answer.
        const room = await this.dataSource.getRepository(RoomRow).findOneBy({ name, visibility: 'public' });
        if (!room) throw new AppError('NOT_FOUND', `There is no public room called “${name}”.`);
        const joined = await this.rooms.join(actor, room.id);
        return { notice: `You joined ${joined.name}.` };
      },
    });
    registry.register({
      name: 'leave',
      usage: '/leave',
      description: 'Leave this room',
      run: async ({ actor, roomId }) => {
        await this.rooms.leave(actor, roomId);
        return { notice: 'You left the room.' };
      },
    });
    registry.register({
      name: 'topic',
      usage: '/topic <text>',
      description: 'Set the room topic (owners and moderators)',
      run: async ({ actor, roomId, args }) => {
        await this.rooms.update(actor, roomId, { topic: args });
        return { notice: 'Topic updated.' };
      },
    });
    registry.register({
      name: 'invite',
      usage: '/invite @user',
      description: 'Add someone to this room',
      run: async ({ actor, roomId, args }) => {
        const username = required(args, '/invite @user').replace(/^@/, '').toLowerCase();
        const user = await this.dataSource.getRepository(User).findOneBy({ username });
        if (!user) throw new AppError('NOT_FOUND', `There is no user @${username}.`);
        await this.rooms.addMember(actor, roomId, user.id);
        return { notice: `@${username} was added.` };
      },
    });
  }
}

function required(args: string, usage: string): string {
  if (args === '') throw new AppError('VALIDATION_FAILED', `Usage: ${usage}`);
  return args;
}
