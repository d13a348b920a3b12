import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  PERMISSIONS,
  roleRoutes,
  type CreateRole,
  type Permission,
  type Role,
  type UpdateRole,
  consoleResources,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import { Route } from '../common/route.decorator.js';
import { RolesService } from './roles.service.js';

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

  @RaList(consoleResources.roles)
  @RequirePermissions('users.read')
  list(@ListParams() list: ListRequest): Promise<Page<Role>> {
    return this.roles.list(list);
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
