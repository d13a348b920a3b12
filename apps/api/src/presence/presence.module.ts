import { Module } from '@nestjs/common';
import { PresenceTracker } from './presence-tracker.js';

/** The gateway updates presence; the rooms service shows it in member lists. */
@Module({
  providers: [PresenceTracker],
  exports: [PresenceTracker],
})
export class PresenceModule {}
