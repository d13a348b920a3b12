import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RolesModule } from '../roles/roles.module.js';
import { RoomAccessModule } from '../rooms/room-access.module.js';
import { UsersModule } from '../users/users.module.js';
import { ModerationCommands } from './moderation-commands.js';
import { ModerationPolicy } from './moderation-policy.service.js';
import { ModerationController } from './moderation.controller.js';
import { ModerationService } from './moderation.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Reports, the moderation queue, mutes, kicks, bans and warnings (REST, commands, audit). */
@Module({
  imports: [RoomAccessModule, MessagesModule, RolesModule, UsersModule, CommandsModule],
  controllers: [ReportsController, ModerationController],
  providers: [ModerationPolicy, ModerationService, ReportsService, ModerationCommands],
  exports: [ModerationService],
})
export class ModerationModule {}
