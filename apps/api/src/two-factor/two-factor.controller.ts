import { Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type DisableTwoFactor,
  disableTwoFactorSchema,
  type RecoveryCodes,
  type TotpCodeRequest,
  totpCodeRequestSchema,
  type TwoFactorSetup,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { AllowedWhileRestricted, CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { ApiZodBody, ValidBody } from '../common/zod.pipe.js';
import { TwoFactorService } from './two-factor.service.js';

@ApiTags('auth')
@Controller()
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  /** Allowed while restricted: a role that requires 2FA must let its holders enrol. */
  @AllowedWhileRestricted()
  @Post('auth/2fa/setup')
  @HttpCode(200)
  setup(@CurrentActor() actor: Actor): Promise<TwoFactorSetup> {
    return this.twoFactor.beginEnrolment({ id: actor.userId, username: actor.username });
  }

  @AllowedWhileRestricted()
  @Post('auth/2fa/confirm')
  @HttpCode(200)
  @ApiZodBody(totpCodeRequestSchema)
  confirm(
    @CurrentActor() actor: Actor,
    @ValidBody(totpCodeRequestSchema) body: TotpCodeRequest,
  ): Promise<RecoveryCodes> {
    return this.twoFactor.confirmEnrolment(actor, body.code);
  }

  @Post('auth/2fa/recovery-codes')
  @HttpCode(200)
  @ApiZodBody(totpCodeRequestSchema)
  regenerate(
    @CurrentActor() actor: Actor,
    @ValidBody(totpCodeRequestSchema) body: TotpCodeRequest,
  ): Promise<RecoveryCodes> {
    return this.twoFactor.regenerateRecoveryCodes(actor, body.code);
  }

  @Delete('auth/2fa')
  @HttpCode(204)
  @ApiZodBody(disableTwoFactorSchema)
  disable(
    @CurrentActor() actor: Actor,
    @ValidBody(disableTwoFactorSchema) body: DisableTwoFactor,
  ): Promise<void> {
    return this.twoFactor.disable(actor, body.code);
  }

  @Post('admin/users/:id/reset-2fa')
  @HttpCode(204)
  @RequirePermissions('users.manage')
  reset(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<void> {
    return this.twoFactor.reset(actor, id);
  }
}
