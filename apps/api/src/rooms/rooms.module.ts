import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { PresenceModule } from '../presence/presence.module.js';
import { RoomAccessModule } from './room-access.module.js';
import { RoomCreationQuota } from './room-creation-quota.js';
import { RoomsController } from './rooms.controller.js';
import { RoomsService } from './rooms.service.js';

@Module({
  imports: [RoomAccessModule, MessagesModule, PresenceModule],
  controllers: [RoomsController],
  providers: [RoomsService, RoomCreationQuota],
  exports: [RoomsService],
})
export class RoomsModule {}
