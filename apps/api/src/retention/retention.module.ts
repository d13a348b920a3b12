import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller.js';
import { RetentionScheduler } from './retention-scheduler.service.js';
import { RetentionService } from './retention.service.js';
import { RoomRetentionService } from './room-retention.service.js';

@Module({
  controllers: [RetentionController],
  providers: [RetentionService, RoomRetentionService, RetentionScheduler],
  exports: [RetentionService],
})
export class RetentionModule {}
