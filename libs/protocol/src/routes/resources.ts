import type { z } from 'zod';
import { AUDIT_SORTABLE, auditEntrySchema, auditFilterSchema } from '../audit.js';
import { BACKUPS_SORTABLE, backupManifestSchema } from '../backups.js';
import {
  ROUTINE_RUNS_SORTABLE,
  routineAlertSchema,
  routineDefinitionSchema,
  routineRunFilterSchema,
  routineRunSchema,
} from '../maintenance.js';
import { REPORT_SORTABLE, reportFilterSchema, reportSchema } from '../moderation.js';
import {
  RETENTION_RUNS_SORTABLE,
  ROOM_RETENTION_SORTABLE,
  retentionRunSchema,
  roomRetentionSchema,
} from '../retention.js';
import { ROLES_SORTABLE, roleSchema } from '../roles.js';
import type { RouteDef } from '../route.js';
import { SETTINGS_SORTABLE, settingSchema, settingsFilterSchema } from '../settings.js';
import { USERS_SORTABLE, adminUserSchema } from '../users.js';
import {
  auditRoutes,
  reportAdminRoutes,
  roleRoutes,
  settingRoutes,
  userAdminRoutes,
} from './admin.routes.js';
import { backupRoutes, retentionRoutes, routineRoutes } from './operations.routes.js';

/**
 * One react-admin resource of the console as the server lists it ("simple REST"):
 * `GET list?sort=["field","ASC"]&range=[0,24]&filter={...}` answers the records and
 * `Content-Range: <name> first-last/total`.
 */
export interface ConsoleResource {
  /** react-admin's resource name; also the unit of `Content-Range`. */
  name: string;
  /** The list route of a route table. */
  list: RouteDef;
  record: z.ZodType;
  /** Fields `sort` may name. Empty: the list is short and comes whole, without sort, range or filter. */
  sortable: readonly string[];
  /** What the list is sorted on (ascending) when `sort` is absent. */
  defaultSort?: string;
  /** Keys `filter` may hold; react-admin's getMany sends `{id: [...]}`. */
  filters: readonly string[];
}

const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape);

/** Every console resource the server lists, by react-admin resource name. */
export const consoleResources = {
  users: {
    name: 'users',
    list: userAdminRoutes.list,
    record: adminUserSchema,
    sortable: USERS_SORTABLE,
    defaultSort: 'id',
    filters: ['q', 'status', 'role', 'id'],
  },
  roles: {
    name: 'roles',
    list: roleRoutes.list,
    record: roleSchema,
    sortable: ROLES_SORTABLE,
    defaultSort: 'name',
    filters: ['q', 'id'],
  },
  settings: {
    name: 'settings',
    list: settingRoutes.list,
    record: settingSchema,
    sortable: SETTINGS_SORTABLE,
    defaultSort: 'key',
    filters: keysOf(settingsFilterSchema),
  },
  audit: {
    name: 'audit',
    list: auditRoutes.list,
    record: auditEntrySchema,
    sortable: AUDIT_SORTABLE,
    defaultSort: 'id',
    filters: keysOf(auditFilterSchema),
  },
  backups: {
    name: 'backups',
    list: backupRoutes.list,
    record: backupManifestSchema,
    sortable: BACKUPS_SORTABLE,
    defaultSort: 'createdAt',
    filters: [],
  },
  reports: {
    name: 'reports',
    list: reportAdminRoutes.list,
    record: reportSchema,
    sortable: REPORT_SORTABLE,
    defaultSort: 'id',
    filters: keysOf(reportFilterSchema),
  },
  /** The audit entries of moderation (`action` starts with `moderation.`). */
  activity: {
    name: 'activity',
    list: reportAdminRoutes.activity,
    record: auditEntrySchema,
    sortable: AUDIT_SORTABLE,
    defaultSort: 'id',
    filters: keysOf(auditFilterSchema),
  },
  retentionRuns: {
    name: 'retention/runs',
    list: retentionRoutes.runs,
    record: retentionRunSchema,
    sortable: RETENTION_RUNS_SORTABLE,
    defaultSort: 'id',
    filters: [],
  },
  retentionRooms: {
    name: 'retention/rooms',
    list: retentionRoutes.rooms,
    record: roomRetentionSchema,
    sortable: ROOM_RETENTION_SORTABLE,
    defaultSort: 'id',
    filters: ['id'],
  },
  routineRuns: {
    name: 'runs',
    list: routineRoutes.runs,
    record: routineRunSchema,
    sortable: ROUTINE_RUNS_SORTABLE,
    defaultSort: 'id',
    filters: keysOf(routineRunFilterSchema),
  },
  routineDefinitions: {
    name: 'definitions',
    list: routineRoutes.definitions,
    record: routineDefinitionSchema,
    sortable: [],
    filters: [],
  },
  routineAlerts: {
    name: 'alerts',
    list: routineRoutes.alerts,
    record: routineAlertSchema,
    sortable: [],
    filters: [],
  },
} as const satisfies Record<string, ConsoleResource>;
