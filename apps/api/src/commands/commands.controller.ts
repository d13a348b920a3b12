import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandInfo } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { CommandRegistry } from './command-registry.service.js';

@ApiTags('chat')
@ApiBearerAuth()
@Controller('commands')
export class CommandsController {
  constructor(private readonly registry: CommandRegistry) {}

  @Get()
  list(@CurrentActor() actor: Actor): CommandInfo[] {
    return this.registry.catalogue(actor);
  }
}
