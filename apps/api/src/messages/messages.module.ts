import { Module } from '@nestjs/common';
import { RoomAccessModule } from '../rooms/room-access.module.js';
import { MessagePolicy } from './message-policy.service.js';
import { MessageWriter } from './message-writer.js';
import { MessagesService } from './messages.service.js';

@Module({
  imports: [RoomAccessModule],
  providers: [MessagePolicy, MessageWriter, MessagesService],
  exports: [MessagesService, MessageWriter],
})
export class MessagesModule {}
