import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  PERMISSIONS,
  roleRoutes,
  type CreateRole,
  type ListQuery,
  type Permission,
  type Role,
  type UpdateRole,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { parseListQuery, setContentRange } from '../common/ra-list.js';
import { Route } from '../common/route.decorator.js';
import { ROLE_SORTABLE, RolesService } from './roles.service.js';

/** The console's `roles` resource. Reading needs users.read (to pick roles for a user); changing needs roles.manage. */
@ApiTags('admin: roles')
@ApiBearerAuth()
@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Route(roleRoutes.permissions)
  @RequirePermissions('users.read')
  permissions(): Array<{ id: Permission }> {
    return PERMISSIONS.map((id) => ({ id }));
  }

  @Route(roleRoutes.list)
  @RequirePermissions('users.read')
  async list(@Query() query: ListQuery, @Res({ passthrough: true }) response: Response): Promise<Role[]> {
    const list = parseListQuery(query, ROLE_SORTABLE, 'name');
    const page = await this.roles.list(list);
    setContentRange(response, 'roles', list, page.rows.length, page.total);
    return page.rows;
  }

  @Route(roleRoutes.get)
  @RequirePermissions('users.read')
  get(@Param('id') id: number): Promise<Role> {
    return this.roles.get(id);
  }

  @Route(roleRoutes.create)
  @RequirePermissions('roles.manage')
  create(@CurrentActor() actor: Actor, @Body() body: CreateRole): Promise<Role> {
    return this.roles.create(actor, body);
  }

  @Route(roleRoutes.update)
  @RequirePermissions('roles.manage')
  update(@CurrentActor() actor: Actor, @Param('id') id: number, @Body() body: UpdateRole): Promise<Role> {
    return this.roles.update(actor, id, body);
  }

  @Route(roleRoutes.remove)
  @RequirePermissions('roles.manage')
  async remove(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<{ id: number }> {
    await this.roles.remove(actor, id);
    return { id };
  }
}
