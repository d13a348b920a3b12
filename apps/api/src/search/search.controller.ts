import { Controller, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { searchRoutes, type SearchQuery, type SearchResults } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@ApiBearerAuth()
@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Route(searchRoutes.messages)
  messages(@CurrentActor() actor: Actor, @Query() query: SearchQuery): Promise<SearchResults> {
    return this.search.messages(actor, query);
  }
}
