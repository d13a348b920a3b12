import { Controller, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AdminRoom, type ListQuery, roomAdminRoutes, type RoomMember } from '@atrio/protocol';
import type { Response } from 'express';
import { RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
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

  @Route(roomAdminRoutes.list)
  async list(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AdminRoom[]> {
    const page = await this.directory.list(query);
    setContentRange(response, 'rooms', page.request, page.rows.length, page.total);
    return page.rows;
  }

  @Route(roomAdminRoutes.members)
  members(@Param('id') id: number): Promise<RoomMember[]> {
    return this.rooms.membersOf(id);
  }
}
