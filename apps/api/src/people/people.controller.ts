import { Controller, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { peopleRoutes, type People, type PeopleQuery } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { PeopleService } from './people.service.js';

@ApiTags('people')
@ApiBearerAuth()
@Controller()
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Route(peopleRoutes.search)
  @RequirePermissions('messages.send')
  search(@CurrentActor() actor: Actor, @Query() query: PeopleQuery): Promise<People> {
    return this.people.search(actor, query);
  }
}
