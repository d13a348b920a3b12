import { Controller, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ListQuery, type Lockout, lockoutRoutes, type ThrottledAddress } from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, RequirePermissions } from '../../common/auth.decorators.js';
import { parseListQuery, setContentRange } from '../../common/ra-list.js';
import { Route } from '../../common/route.decorator.js';
import { LockoutsService } from './lockouts.service.js';

/** The console's lockouts queue; whoever may unlock an account may see why it is locked. */
@ApiTags('admin: users')
@ApiBearerAuth()
@RequirePermissions('users.unlock')
@Controller()
export class LockoutsController {
  constructor(private readonly lockouts: LockoutsService) {}

  @Route(lockoutRoutes.list)
  async list(@Query() query: ListQuery, @Res({ passthrough: true }) response: Response): Promise<Lockout[]> {
    const list = parseListQuery(query, ['id'], 'id');
    const all = await this.lockouts.list();
    const page = all.slice(list.skip, list.skip + list.take);
    setContentRange(response, 'lockouts', list, page.length, all.length);
    return page;
  }

  @Route(lockoutRoutes.addresses)
  async addresses(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ThrottledAddress[]> {
    const list = parseListQuery(query, ['id'], 'id');
    const all = await this.lockouts.addresses();
    const page = all.slice(list.skip, list.skip + list.take);
    setContentRange(response, 'login-throttle', list, page.length, all.length);
    return page;
  }

  @Route(lockoutRoutes.lift)
  lift(@CurrentActor() actor: Actor, @Param('ip') ip: string): Promise<void> {
    return this.lockouts.liftThrottle(actor, ip);
  }
}
