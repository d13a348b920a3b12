import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  twoFactorRoutes,
  type DisableTwoFactor,
  type RecoveryCodes,
  type TotpCodeRequest,
  type TwoFactorSetup,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { AllowedWhileRestricted, CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { TwoFactorService } from './two-factor.service.js';

@ApiTags('auth')
@Controller()
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  /** Allowed while restricted: a role that requires 2FA must let its holders enrol. */
  @AllowedWhileRestricted()
  @Route(twoFactorRoutes.setup)
  setup(@CurrentActor() actor: Actor): Promise<TwoFactorSetup> {
    return this.twoFactor.beginEnrolment({ id: actor.userId, username: actor.username });
  }

  @AllowedWhileRestricted()
  @Route(twoFactorRoutes.confirm)
  confirm(@CurrentActor() actor: Actor, @Body() body: TotpCodeRequest): Promise<RecoveryCodes> {
    return this.twoFactor.confirmEnrolment(actor, body.code);
  }

  @Route(twoFactorRoutes.regenerate)
  regenerate(@CurrentActor() actor: Actor, @Body() body: TotpCodeRequest): Promise<RecoveryCodes> {
    return this.twoFactor.regenerateRecoveryCodes(actor, body.code);
  }

  @Route(twoFactorRoutes.disable)
  disable(@CurrentActor() actor: Actor, @Body() body: DisableTwoFactor): Promise<void> {
    return this.twoFactor.disable(actor, body.code);
  }

  @Route(twoFactorRoutes.reset)
  @RequirePermissions('users.manage')
  reset(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<void> {
    return this.twoFactor.reset(actor, id);
  }
}
