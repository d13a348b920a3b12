import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  banSchema,
  kickSchema,
  muteSchema,
  warnSchema,
  type BanInput,
  type KickInput,
  type ModerationOutcome,
  type MuteInput,
  type WarnInput,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { ApiZodBody, ValidBody } from '../common/zod.pipe.js';
import { ModerationService } from './moderation.service.js';

/** A room's moderation; who may do what is decided in the service (room role or moderation.moderate). */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('rooms/:id/moderation')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Post('mute')
  @HttpCode(200)
  @ApiZodBody(muteSchema)
  mute(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(muteSchema) body: MuteInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.mute(actor, id, body);
  }

  @Post('unmute')
  @HttpCode(200)
  @ApiZodBody(kickSchema)
  unmute(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(kickSchema) body: KickInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.unmute(actor, id, body);
  }

  @Post('kick')
  @HttpCode(200)
  @ApiZodBody(kickSchema)
  kick(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(kickSchema) body: KickInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.kick(actor, id, body);
  }

  @Post('ban')
  @HttpCode(200)
  @ApiZodBody(banSchema)
  ban(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(banSchema) body: BanInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.ban(actor, id, body);
  }

  @Post('unban')
  @HttpCode(200)
  @ApiZodBody(kickSchema)
  unban(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(kickSchema) body: KickInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.unban(actor, id, body);
  }

  @Post('warn')
  @HttpCode(200)
  @ApiZodBody(warnSchema)
  warn(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(warnSchema) body: WarnInput,
  ): Promise<ModerationOutcome> {
    return this.moderation.warn(actor, id, body);
  }
}
