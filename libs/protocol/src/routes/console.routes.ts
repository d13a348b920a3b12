import { z } from 'zod';
import { listQuerySchema } from '../admin.js';
import {
  aiDiagnosticsSchema,
  authenticationDiagnosticsSchema,
  connectionDiagnosticsSchema,
} from '../diagnostics.js';
import { lockoutSchema, throttledAddressSchema } from '../lockouts.js';
import { logEntrySchema } from '../logs.js';
import { adminRoomSchema, roomMemberSchema } from '../rooms.js';
import { idParam, routeTable, textParam } from '../route.js';

/** The console's lockouts queue and the per-address login throttle. */
export const lockoutRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/lockouts',
    summary: 'Locked accounts: why, since and until when, from which addresses, how many attempts',
    response: z.array(lockoutSchema),
  },
  addresses: {
    method: 'GET',
    path: '/api/admin/login-throttle',
    summary: 'Addresses with failed logins in the current window, and whether each is refused',
    response: z.array(throttledAddressSchema),
  },
  lift: {
    method: 'DELETE',
    path: '/api/admin/login-throttle/:ip',
    status: 204,
    summary: 'Lets an address try again at once (audited)',
    params: z.object({ ip: textParam }),
  },
});

/** The server's log files, for the console's Logs screen (manual §7.2). */
export const logRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/logs',
    summary: 'Log lines newest first; filter: level (minimum), q, auth, from, to',
    query: listQuerySchema,
    response: z.array(logEntrySchema),
  },
});

/** Manual §9.1 from live figures. */
export const diagnosticsRoutes = routeTable({
  connection: {
    method: 'GET',
    path: '/api/admin/diagnostics/connection',
    summary: 'Listening port, the certificate against the name used, recent refusals, likely causes',
    response: connectionDiagnosticsSchema,
  },
  authentication: {
    method: 'GET',
    path: '/api/admin/diagnostics/authentication',
    summary: 'Failed sign-ins of the last 24 h by reason and address, locks, throttles, likely causes',
    response: authenticationDiagnosticsSchema,
  },
  ai: {
    method: 'GET',
    path: '/api/admin/diagnostics/ai',
    summary: 'Ollama reachable, model present and loaded, memory, recent failures by cause, likely causes',
    response: aiDiagnosticsSchema,
  },
});

/** The console's `rooms` resource: every room, and any room's members (never its messages). */
export const roomAdminRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/rooms',
    summary: 'Every room with counts; filter: q, visibility, archived, id',
    query: listQuerySchema,
    response: z.array(adminRoomSchema),
  },
  members: {
    method: 'GET',
    path: '/api/admin/rooms/:id/members',
    params: z.object({ id: idParam }),
    response: z.array(roomMemberSchema),
  },
});
