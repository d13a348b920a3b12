import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth-core.module.js';
import { CommandsModule } from '../commands/commands.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { PresenceModule } from '../presence/presence.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { ChatSocketService } from './chat-socket.service.js';
import { RealtimeGateway } from './realtime.gateway.js';

@Module({
  imports: [AuthCoreModule, MessagesModule, RoomsModule, CommandsModule, PresenceModule],
  providers: [RealtimeGateway, ChatSocketService],
  exports: [RealtimeGateway],
})
export class RealtimeModule {}
