import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type AdminRoom, type ListQuery, listQuerySchema, type RoomMember } from '@atrio/protocol';
import type { Response } from 'express';
import { RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { setContentRange } from '../common/ra-list.js';
import { ValidQuery } from '../common/zod.pipe.js';
import { RoomDirectoryService } from './room-directory.service.js';
import { RoomsService } from './rooms.service.js';

/** The console's `rooms` resource; changes go through the rooms' own routes (archive, members, retention). */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('admin/rooms')
export class RoomsAdminController {
  constructor(
    private readonly directory: RoomDirectoryService,
    private readonly rooms: RoomsService,
  ) {}

  @Get()
  @RequirePermissions('rooms.manage_any')
  @ApiQuery({ name: 'filter', required: false, description: 'JSON object: q, visibility, archived, id' })
  @ApiOkResponse({ description: 'Every room with counts; Content-Range: rooms first-last/total' })
  async list(
    @ValidQuery(listQuerySchema) query: ListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AdminRoom[]> {
    const page = await this.directory.list(query);
    setContentRange(response, 'rooms', page.request, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id/members')
  @RequirePermissions('rooms.manage_any')
  @ApiOkResponse({ description: 'The members of any room, private ones included (never its messages)' })
  members(@Param('id', IdPipe) id: number): Promise<RoomMember[]> {
    return this.rooms.membersOf(id);
  }
}
