import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  userAdminRoutes,
  type AdminUser,
  type BulkUserRequest,
  type BulkUserResponse,
  type CreateUser,
  type UpdateUser,
  consoleResources,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import { Route } from '../common/route.decorator.js';
import { UserDirectoryService } from './user-directory.service.js';
import { UserSecurityService } from './user-security.service.js';
import { UsersAdminService } from './users-admin.service.js';
import { UsersBulkService } from './users-bulk.service.js';

/** The console's `users` resource (react-admin simple REST). */
@ApiTags('admin: users')
@ApiBearerAuth()
@Controller()
export class UsersAdminController {
  constructor(
    private readonly directory: UserDirectoryService,
    private readonly admin: UsersAdminService,
    private readonly security: UserSecurityService,
    private readonly bulkActions: UsersBulkService,
  ) {}

  // Each action checks its own permission (users.manage, or users.unlock to unlock) in the service.
  @Route(userAdminRoutes.bulk)
  bulk(@CurrentActor() actor: Actor, @Body() body: BulkUserRequest): Promise<BulkUserResponse> {
    return this.bulkActions.run(actor, body);
  }

  @RaList(consoleResources.users)
  @RequirePermissions('users.read')
  list(@ListParams() list: ListRequest): Promise<Page<AdminUser>> {
    return this.directory.list(list);
  }

  @Route(userAdminRoutes.get)
  @RequirePermissions('users.read')
  get(@Param('id') id: number): Promise<AdminUser> {
    return this.directory.get(id);
  }

  @Route(userAdminRoutes.create)
  @RequirePermissions('users.manage')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUser): Promise<AdminUser> {
    return this.directory.get(await this.admin.create(actor, body));
  }

  @Route(userAdminRoutes.update)
  @RequirePermissions('users.manage')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Body() body: UpdateUser,
  ): Promise<AdminUser> {
    return this.directory.get(await this.admin.update(actor, id, body));
  }

  @Route(userAdminRoutes.remove)
  @RequirePermissions('users.manage')
  async remove(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<{ id: number }> {
    await this.admin.remove(actor, id);
    return { id }; // react-admin expects the deleted record back
  }

  @Route(userAdminRoutes.unlock)
  @RequirePermissions('users.unlock')
  unlock(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<void> {
    return this.security.unlock(actor, id);
  }

  @Route(userAdminRoutes.resetPassword)
  @RequirePermissions('users.manage')
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
  ): Promise<{ temporaryPassword: string }> {
    return this.security.resetPassword(actor, id);
  }

  @Route(userAdminRoutes.revokeSessions)
  @RequirePermissions('users.manage')
  revokeSessions(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<void> {
    return this.security.revokeSessions(actor, id);
  }
}
