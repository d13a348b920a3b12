import { Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { consoleResources, type Lockout, lockoutRoutes, type ThrottledAddress } from '@atrio/protocol';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, RequirePermissions } from '../../common/auth.decorators.js';
import { RaList } from '../../common/ra-list.decorator.js';
import { Route } from '../../common/route.decorator.js';
import { LockoutsService } from './lockouts.service.js';

/** The console's lockouts queue; whoever may unlock an account may see why it is locked. */
@ApiTags('admin: users')
@ApiBearerAuth()
@RequirePermissions('users.unlock')
@Controller()
export class LockoutsController {
  constructor(private readonly lockouts: LockoutsService) {}

  /** Short lists (only accounts locked now, only addresses failing now): answered whole. */
  @RaList(consoleResources.lockouts)
  list(): Promise<Lockout[]> {
    return this.lockouts.list();
  }

  @RaList(consoleResources.loginThrottle)
  addresses(): Promise<ThrottledAddress[]> {
    return this.lockouts.addresses();
  }

  @Route(lockoutRoutes.lift)
  lift(@CurrentActor() actor: Actor, @Param('ip') ip: string): Promise<void> {
    return this.lockouts.liftThrottle(actor, ip);
  }
}
