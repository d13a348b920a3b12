import { Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  createUserSchema,
  listQuerySchema,
  updateUserSchema,
  type AdminUser,
  type CreateUser,
  type ListQuery,
  type UpdateUser,
} from '@atrio/protocol';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { parseListQuery, setContentRange } from '../common/ra-list.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { USER_SORTABLE, UserDirectoryService } from './user-directory.service.js';
import { UserSecurityService } from './user-security.service.js';
import { UsersAdminService } from './users-admin.service.js';

/** The console's `users` resource (react-admin simple REST). */
@ApiTags('admin: users')
@ApiBearerAuth()
@Controller('admin/users')
export class UsersAdminController {
  constructor(
    private readonly directory: UserDirectoryService,
    private readonly admin: UsersAdminService,
    private readonly security: UserSecurityService,
  ) {}

  @Get()
  @RequirePermissions('users.read')
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AdminUser[]> {
    const list = parseListQuery(query, USER_SORTABLE, 'id');
    const page = await this.directory.list(list);
    setContentRange(response, 'users', list, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  @RequirePermissions('users.read')
  get(@Param('id', IdPipe) id: number): Promise<AdminUser> {
    return this.directory.get(id);
  }

  @Post()
  @RequirePermissions('users.manage')
  @ApiZodBody(createUserSchema)
  async create(
    @CurrentActor() actor: Actor,
    @ValidBody(createUserSchema) body: CreateUser,
  ): Promise<AdminUser> {
    return this.directory.get(await this.admin.create(actor, body));
  }

  @Put(':id')
  @RequirePermissions('users.manage')
  @ApiZodBody(updateUserSchema)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(updateUserSchema) body: UpdateUser,
  ): Promise<AdminUser> {
    return this.directory.get(await this.admin.update(actor, id, body));
  }

  @Delete(':id')
  @RequirePermissions('users.manage')
  async remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<{ id: number }> {
    await this.admin.remove(actor, id);
    return { id }; // react-admin expects the deleted record back
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @RequirePermissions('users.unlock')
  unlock(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<void> {
    return this.security.unlock(actor, id);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @RequirePermissions('users.manage')
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
  ): Promise<{ temporaryPassword: string }> {
    return this.security.resetPassword(actor, id);
  }

  @Post(':id/revoke-sessions')
  @HttpCode(204)
  @RequirePermissions('users.manage')
  revokeSessions(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<void> {
    return this.security.revokeSessions(actor, id);
  }
}
