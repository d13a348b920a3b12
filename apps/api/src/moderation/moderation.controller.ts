import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  moderationRoutes,
  type BanInput,
  type KickInput,
  type ModerationOutcome,
  type MuteInput,
  type WarnInput,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { ModerationService } from './moderation.service.js';

/** A room's moderation; who may do what is decided in the service (room role or moderation.moderate). */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller()
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Route(moderationRoutes.mute)
  mute(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: MuteInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.mute(actor, id, body);
  }

  @Route(moderationRoutes.unmute)
  unmute(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: KickInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.unmute(actor, id, body);
  }

  @Route(moderationRoutes.kick)
  kick(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: KickInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.kick(actor, id, body);
  }

  @Route(moderationRoutes.ban)
  ban(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: BanInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.ban(actor, id, body);
  }

  @Route(moderationRoutes.unban)
  unban(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: KickInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.unban(actor, id, body);
  }

  @Route(moderationRoutes.warn)
  warn(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: WarnInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.warn(actor, id, body);
  }
}
