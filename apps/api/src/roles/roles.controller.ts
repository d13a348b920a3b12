import { Controller, Delete, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  createRoleSchema,
  listQuerySchema,
  PERMISSIONS,
  updateRoleSchema,
  type CreateRole,
  type ListQuery,
  type Permission,
  type Role,
  type UpdateRole,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { parseListQuery, setContentRange } from '../common/ra-list.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { ROLE_SORTABLE, RolesService } from './roles.service.js';

/** The console's `roles` resource. Reading needs users.read (to pick roles for a user); changing needs roles.manage. */
@ApiTags('admin: roles')
@ApiBearerAuth()
@Controller('admin')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get('permissions')
  @RequirePermissions('users.read')
  permissions(): Array<{ id: Permission }> {
    return PERMISSIONS.map((id) => ({ id }));
  }

  @Get('roles')
  @RequirePermissions('users.read')
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Role[]> {
    const list = parseListQuery(query, ROLE_SORTABLE, 'name');
    const page = await this.roles.list(list);
    setContentRange(response, 'roles', list, page.rows.length, page.total);
    return page.rows;
  }

  @Get('roles/:id')
  @RequirePermissions('users.read')
  get(@Param('id', IdPipe) id: number): Promise<Role> {
    return this.roles.get(id);
  }

  @Post('roles')
  @RequirePermissions('roles.manage')
  @ApiZodBody(createRoleSchema)
  create(@CurrentActor() actor: Actor, @ValidBody(createRoleSchema) body: CreateRole): Promise<Role> {
    return this.roles.create(actor, body);
  }

  @Put('roles/:id')
  @RequirePermissions('roles.manage')
  @ApiZodBody(updateRoleSchema)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(updateRoleSchema) body: UpdateRole,
  ): Promise<Role> {
    return this.roles.update(actor, id, body);
  }

  @Delete('roles/:id')
  @RequirePermissions('roles.manage')
  async remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<{ id: number }> {
    await this.roles.remove(actor, id);
    return { id };
  }
}
