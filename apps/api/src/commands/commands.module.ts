import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { BuiltinCommands } from './builtin-commands.js';
import { CommandsController } from './commands.controller.js';
import { CommandRegistry } from './command-registry.service.js';

@Module({
  imports: [RoomsModule, MessagesModule],
  controllers: [CommandsController],
  providers: [CommandRegistry, BuiltinCommands],
  exports: [CommandRegistry],
})
export class CommandsModule {}
