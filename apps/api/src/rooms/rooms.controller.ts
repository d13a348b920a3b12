import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  roomRoutes,
  type AddMember,
  type ArchiveRoom,
  type CreateRoom,
  type DirectRoom,
  type HistoryQuery,
  type Message,
  type Room,
  type RoomDirectory,
  type RoomDirectoryQuery,
  type RoomListQuery,
  type RoomMember,
  type SetMemberRole,
  type UpdateRoom,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomsService } from './rooms.service.js';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller()
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
  ) {}

  @Route(roomRoutes.list)
  list(@CurrentActor() actor: Actor, @Query() query: RoomListQuery): Promise<Room[]> {
    return this.rooms.list(actor, query.joined === 'true');
  }

  // Declared before `:id`, which would otherwise take "directory" for a room id.
  @Route(roomRoutes.directory)
  directory(@CurrentActor() actor: Actor, @Query() query: RoomDirectoryQuery): Promise<RoomDirectory> {
    return this.rooms.directory(actor, query);
  }

  @Route(roomRoutes.create)
  @RequirePermissions('rooms.create')
  create(@CurrentActor() actor: Actor, @Body() body: CreateRoom): Promise<Room> {
    return this.rooms.create(actor, body);
  }

  @Route(roomRoutes.direct)
  @RequirePermissions('messages.send')
  direct(@CurrentActor() actor: Actor, @Body() body: DirectRoom): Promise<Room> {
    return this.rooms.direct(actor, body.userIds);
  }

  @Route(roomRoutes.get)
  get(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<Room> {
    return this.rooms.get(actor, id);
  }

  @Route(roomRoutes.update)
  update(@CurrentActor() actor: Actor, @Param('id') id: number, @Body() body: UpdateRoom): Promise<Room> {
    return this.rooms.update(actor, id, body);
  }

  @Route(roomRoutes.archive)
  archive(@CurrentActor() actor: Actor, @Param('id') id: number, @Body() body: ArchiveRoom): Promise<Room> {
    return this.rooms.archive(actor, id, body.archived);
  }

  @Route(roomRoutes.join)
  join(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<Room> {
    return this.rooms.join(actor, id);
  }

  @Route(roomRoutes.leave)
  leave(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<void> {
    return this.rooms.leave(actor, id);
  }

  @Route(roomRoutes.members)
  members(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<RoomMember[]> {
    return this.rooms.members(actor, id);
  }

  @Route(roomRoutes.addMember)
  addMember(@CurrentActor() actor: Actor, @Param('id') id: number, @Body() body: AddMember): Promise<void> {
    return this.rooms.addMember(actor, id, body.userId);
  }

  @Route(roomRoutes.setMemberRole)
  setMemberRole(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Param('userId') userId: number,
    @Body() body: SetMemberRole,
  ): Promise<RoomMember[]> {
    return this.rooms.setMemberRole(actor, id, userId, body.role);
  }

  @Route(roomRoutes.history)
  async history(
    @CurrentActor() actor: Actor,
    @Param('id') id: number,
    @Query() query: HistoryQuery,
  ): Promise<{ messages: Message[] }> {
    return { messages: await this.messages.history(actor, id, query.before, query.limit) };
  }
}
