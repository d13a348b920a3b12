import { Module } from '@nestjs/common';
import { PresenceModule } from '../presence/presence.module.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';

@Module({
  imports: [PresenceModule],
  controllers: [PeopleController],
  providers: [PeopleService],
})
export class PeopleModule {}
