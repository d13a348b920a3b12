import type { RouteMap } from '../route.js';
import {
  auditRoutes,
  reportAdminRoutes,
  roleRoutes,
  settingRoutes,
  userAdminRoutes,
} from './admin.routes.js';
import { authRoutes, recoveryRoutes, twoFactorRoutes } from './auth.routes.js';
import { diagnosticsRoutes, lockoutRoutes, logRoutes, roomAdminRoutes } from './console.routes.js';
import {
  backupRoutes,
  certificateRoutes,
  databaseRoutes,
  encryptionRoutes,
  healthRoutes,
  monitoringRoutes,
  retentionRoutes,
  routineRoutes,
} from './operations.routes.js';
import { commandRoutes, moderationRoutes, peopleRoutes, roomRoutes, searchRoutes } from './rooms.routes.js';
import { summaryRoutes } from './summaries.routes.js';

export * from './admin.routes.js';
export * from './auth.routes.js';
export * from './console.routes.js';
export * from './operations.routes.js';
export * from './resources.js';
export * from './rooms.routes.js';
export * from './summaries.routes.js';

/** Every route table by feature: the server checks that each one is served (and nothing else). */
export const apiRoutes = {
  auth: authRoutes,
  recovery: recoveryRoutes,
  twoFactor: twoFactorRoutes,
  rooms: roomRoutes,
  moderation: moderationRoutes,
  search: searchRoutes,
  people: peopleRoutes,
  commands: commandRoutes,
  users: userAdminRoutes,
  roles: roleRoutes,
  audit: auditRoutes,
  reports: reportAdminRoutes,
  settings: settingRoutes,
  health: healthRoutes,
  monitoring: monitoringRoutes,
  backups: backupRoutes,
  certificates: certificateRoutes,
  encryption: encryptionRoutes,
  database: databaseRoutes,
  routines: routineRoutes,
  retention: retentionRoutes,
  lockouts: lockoutRoutes,
  logs: logRoutes,
  diagnostics: diagnosticsRoutes,
  roomsAdmin: roomAdminRoutes,
  summaries: summaryRoutes,
} as const;

type Tables = typeof apiRoutes;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/**
 * Every route keyed by `'METHOD /path'` → `{params, query, body, response}`. Browser code takes it
 * with `import type` only, so no schema reaches the bundle.
 */
export type ApiRoutes = UnionToIntersection<{ [F in keyof Tables]: RouteMap<Tables[F]> }[keyof Tables]>;
export type ApiRouteKey = keyof ApiRoutes & string;
