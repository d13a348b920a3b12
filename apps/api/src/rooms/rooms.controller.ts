import { Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  addMemberSchema,
  createRoomSchema,
  directRoomSchema,
  historyQuerySchema,
  setMemberRoleSchema,
  updateRoomSchema,
  type CreateRoom,
  type Message,
  type Room,
  type RoomMember,
  type UpdateRoom,
} from '@atrio/protocol';
import { z } from 'zod';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { ApiZodBody, ValidBody, ValidQuery } from '../common/zod.pipe.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomsService } from './rooms.service.js';

const archiveSchema = z.object({ archived: z.boolean() });

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('rooms')
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
  ) {}

  @Get()
  list(@CurrentActor() actor: Actor): Promise<Room[]> {
    return this.rooms.list(actor);
  }

  @Post()
  @RequirePermissions('rooms.create')
  @ApiZodBody(createRoomSchema)
  create(@CurrentActor() actor: Actor, @ValidBody(createRoomSchema) body: CreateRoom): Promise<Room> {
    return this.rooms.create(actor, body);
  }

  @Post('direct')
  @HttpCode(200)
  @RequirePermissions('messages.send')
  @ApiZodBody(directRoomSchema)
  direct(
    @CurrentActor() actor: Actor,
    @ValidBody(directRoomSchema) body: { userIds: number[] },
  ): Promise<Room> {
    return this.rooms.direct(actor, body.userIds);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<Room> {
    return this.rooms.get(actor, id);
  }

  @Put(':id')
  @ApiZodBody(updateRoomSchema)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(updateRoomSchema) body: UpdateRoom,
  ): Promise<Room> {
    return this.rooms.update(actor, id, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiZodBody(archiveSchema)
  archive(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(archiveSchema) body: { archived: boolean },
  ): Promise<Room> {
    return this.rooms.archive(actor, id, body.archived);
  }

  @Post(':id/join')
  @HttpCode(200)
  join(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<Room> {
    return this.rooms.join(actor, id);
  }

  @Post(':id/leave')
  @HttpCode(204)
  leave(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<void> {
    return this.rooms.leave(actor, id);
  }

  @Get(':id/members')
  members(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<RoomMember[]> {
    return this.rooms.members(actor, id);
  }

  @Post(':id/members')
  @HttpCode(204)
  @ApiZodBody(addMemberSchema)
  addMember(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidBody(addMemberSchema) body: { userId: number },
  ): Promise<void> {
    return this.rooms.addMember(actor, id, body.userId);
  }

  @Put(':id/members/:userId')
  @ApiZodBody(setMemberRoleSchema)
  setMemberRole(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Param('userId', IdPipe) userId: number,
    @ValidBody(setMemberRoleSchema) body: { role: RoomMember['role'] },
  ): Promise<RoomMember[]> {
    return this.rooms.setMemberRole(actor, id, userId, body.role);
  }

  @Get(':id/messages')
  async history(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @ValidQuery(historyQuerySchema) query: z.output<typeof historyQuerySchema>,
  ): Promise<{ messages: Message[] }> {
    return { messages: await this.messages.history(actor, id, query.before, query.limit) };
  }
}
