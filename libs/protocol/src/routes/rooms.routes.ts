import { z } from 'zod';
import { historyQuerySchema, messageSchema } from '../messages.js';
import {
  banSchema,
  createReportSchema,
  kickSchema,
  moderationOutcomeSchema,
  muteSchema,
  reportSchema,
  warnSchema,
} from '../moderation.js';
import { commandInfoSchema } from '../commands.js';
import { peopleQuerySchema, peopleSchema } from '../people.js';
import { idParam, routeTable } from '../route.js';
import {
  addMemberSchema,
  archiveRoomSchema,
  createRoomSchema,
  directRoomSchema,
  roomDirectoryQuerySchema,
  roomDirectorySchema,
  roomListQuerySchema,
  roomMemberSchema,
  roomSchema,
  setMemberRoleSchema,
  updateRoomSchema,
} from '../rooms.js';
import { searchQuerySchema, searchResultsSchema } from '../search.js';

const room = z.object({ id: idParam });

/** Rooms, their members and history, as the chat client uses them. */
export const roomRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/rooms',
    summary: 'Every room the caller can see; ?joined=true for only those they are in',
    query: roomListQuerySchema,
    response: z.array(roomSchema),
  },
  directory: {
    method: 'GET',
    path: '/api/rooms/directory',
    summary: 'Public rooms, paged (offset, limit ≤ 100) and searched by name (q)',
    query: roomDirectoryQuerySchema,
    response: roomDirectorySchema,
  },
  create: { method: 'POST', path: '/api/rooms', status: 201, body: createRoomSchema, response: roomSchema },
  direct: {
    method: 'POST',
    path: '/api/rooms/direct',
    status: 200,
    summary: 'The direct room of the caller and these users, created on first use',
    body: directRoomSchema,
    response: roomSchema,
  },
  get: { method: 'GET', path: '/api/rooms/:id', params: room, response: roomSchema },
  update: {
    method: 'PUT',
    path: '/api/rooms/:id',
    params: room,
    body: updateRoomSchema,
    response: roomSchema,
  },
  archive: {
    method: 'POST',
    path: '/api/rooms/:id/archive',
    status: 200,
    params: room,
    body: archiveRoomSchema,
    response: roomSchema,
  },
  join: { method: 'POST', path: '/api/rooms/:id/join', status: 200, params: room, response: roomSchema },
  leave: { method: 'POST', path: '/api/rooms/:id/leave', status: 204, params: room },
  members: {
    method: 'GET',
    path: '/api/rooms/:id/members',
    params: room,
    response: z.array(roomMemberSchema),
  },
  addMember: {
    method: 'POST',
    path: '/api/rooms/:id/members',
    status: 204,
    params: room,
    body: addMemberSchema,
  },
  setMemberRole: {
    method: 'PUT',
    path: '/api/rooms/:id/members/:userId',
    params: z.object({ id: idParam, userId: idParam }),
    body: setMemberRoleSchema,
    response: z.array(roomMemberSchema),
  },
  history: {
    method: 'GET',
    path: '/api/rooms/:id/messages',
    summary: 'Oldest first; `before` pages back',
    params: room,
    query: historyQuerySchema,
    response: z.object({ messages: z.array(messageSchema) }),
  },
});

const moderate = <A extends string, B extends z.ZodType>(action: A, body: B) =>
  ({
    method: 'POST',
    path: `/api/rooms/:id/moderation/${action}` as `/api/rooms/:id/moderation/${A}`,
    status: 200,
    params: room,
    body,
    response: moderationOutcomeSchema,
  }) as const;

/** A room's moderation; who may do what is decided by the server (room role or moderation.moderate). */
export const moderationRoutes = routeTable({
  mute: moderate('mute', muteSchema),
  unmute: moderate('unmute', kickSchema),
  kick: moderate('kick', kickSchema),
  ban: moderate('ban', banSchema),
  unban: moderate('unban', kickSchema),
  warn: moderate('warn', warnSchema),
  report: {
    method: 'POST',
    path: '/api/reports',
    status: 201,
    body: createReportSchema,
    response: reportSchema,
  },
});

export const searchRoutes = routeTable({
  messages: {
    method: 'GET',
    path: '/api/search/messages',
    summary: 'Messages the caller can read, newest first',
    query: searchQuerySchema,
    response: searchResultsSchema,
  },
});

/** The staff directory members start conversations from: active accounts only, no account details. */
export const peopleRoutes = routeTable({
  search: {
    method: 'GET',
    path: '/api/people',
    summary: 'Active colleagues by display name or username (q), with presence; never e-mail or roles',
    query: peopleQuerySchema,
    response: peopleSchema,
  },
});

/** The chat commands the caller may run (the composer's autocompletion; `/help` prints the same). */
export const commandRoutes = routeTable({
  list: { method: 'GET', path: '/api/commands', response: z.array(commandInfoSchema) },
});
