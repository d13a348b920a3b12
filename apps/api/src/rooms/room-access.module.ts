import { Module } from '@nestjs/common';
import { RoomAccessService } from './room-access.service.js';

/** The membership checks, on their own so messages and rooms can both use them without a cycle. */
@Module({ providers: [RoomAccessService], exports: [RoomAccessService] })
export class RoomAccessModule {}
