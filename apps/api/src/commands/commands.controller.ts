import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { commandRoutes, type CommandInfo } from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { CommandRegistry } from './command-registry.service.js';

@ApiTags('chat')
@ApiBearerAuth()
@Controller()
export class CommandsController {
  constructor(private readonly registry: CommandRegistry) {}

  @Route(commandRoutes.list)
  list(@CurrentActor() actor: Actor): CommandInfo[] {
    return this.registry.catalogue(actor);
  }
}
