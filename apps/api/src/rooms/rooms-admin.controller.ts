import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type AdminRoom, type ListQuery, listQuerySchema } from '@atrio/protocol';
import type { Response } from 'express';
import { RequirePermissions } from '../common/auth.decorators.js';
import { setContentRange } from '../common/ra-list.js';
import { ValidQuery } from '../common/zod.pipe.js';
import { RoomDirectoryService } from './room-directory.service.js';

/** The console's `rooms` resource; changes go through the rooms' own routes (archive, members, retention). */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('admin/rooms')
export class RoomsAdminController {
  constructor(private readonly directory: RoomDirectoryService) {}

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
}
