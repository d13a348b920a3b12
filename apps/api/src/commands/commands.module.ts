import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { BuiltinCommands } from './builtin-commands.js';
import { CommandRegistry } from './command-registry.service.js';

@Module({
  imports: [RoomsModule, MessagesModule],
  providers: [CommandRegistry, BuiltinCommands],
  exports: [CommandRegistry],
})
export class CommandsModule {}
