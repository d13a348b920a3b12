import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { searchQuerySchema, type SearchQuery, type SearchResults } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { ValidQuery } from '../common/zod.pipe.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('messages')
  messages(
    @CurrentActor() actor: Actor,
    @ValidQuery(searchQuerySchema) query: SearchQuery,
  ): Promise<SearchResults> {
    return this.search.messages(actor, query);
  }
}
