import { Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AdminRoom, consoleResources, roomAdminRoutes, type RoomMember } from '@atrio/protocol';
import { RequirePermissions } from '../common/auth.decorators.js';
import { ListParams, RaList } from '../common/ra-list.decorator.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { Route } from '../common/route.decorator.js';
import { RoomDirectoryService } from './room-directory.service.js';
import { RoomsService } from './rooms.service.js';

/** The console's `rooms` resource; changes go through the rooms' own routes (archive, members, retention). */
@ApiTags('rooms')
@ApiBearerAuth()
@RequirePermissions('rooms.manage_any')
@Controller()
export class RoomsAdminController {
  constructor(
    private readonly directory: RoomDirectoryService,
    private readonly rooms: RoomsService,
  ) {}

  @RaList(consoleResources.rooms)
  list(@ListParams() list: ListRequest): Promise<Page<AdminRoom>> {
    return this.directory.list(list);
  }

  @Route(roomAdminRoutes.members)
  members(@Param('id') id: number): Promise<RoomMember[]> {
    return this.rooms.membersOf(id);
  }
}
