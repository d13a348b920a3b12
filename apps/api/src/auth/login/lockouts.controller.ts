import { Controller, Delete, Get, HttpCode, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type ListQuery, listQuerySchema, type Lockout, type ThrottledAddress } from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, RequirePermissions } from '../../common/auth.decorators.js';
import { parseListQuery, setContentRange } from '../../common/ra-list.js';
import { ValidQuery } from '../../common/zod.pipe.js';
import { LockoutsService } from './lockouts.service.js';

/** The console's lockouts queue; whoever may unlock an account may see why it is locked. */
@ApiTags('admin: users')
@ApiBearerAuth()
@RequirePermissions('users.unlock')
@Controller('admin')
export class LockoutsController {
  constructor(private readonly lockouts: LockoutsService) {}

  @Get('lockouts')
  @ApiOkResponse({
    description: 'Locked accounts, newest lock first; Content-Range: lockouts first-last/total',
  })
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Lockout[]> {
    const list = parseListQuery(query, ['id'], 'id');
    const all = await this.lockouts.list();
    const page = all.slice(list.skip, list.skip + list.take);
    setContentRange(response, 'lockouts', list, page.length, all.length);
    return page;
  }

  @Get('login-throttle')
  @ApiOkResponse({
    description: 'Addresses with failed logins in the current window, and whether each is refused',
  })
  async addresses(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ThrottledAddress[]> {
    const list = parseListQuery(query, ['id'], 'id');
    const all = await this.lockouts.addresses();
    const page = all.slice(list.skip, list.skip + list.take);
    setContentRange(response, 'login-throttle', list, page.length, all.length);
    return page;
  }

  @Delete('login-throttle/:ip')
  @HttpCode(204)
  lift(@CurrentActor() actor: Actor, @Param('ip') ip: string): Promise<void> {
    return this.lockouts.liftThrottle(actor, ip);
  }
}
