import { z } from 'zod';
import { listQuerySchema } from '../admin.js';
import { auditEntrySchema, auditVerifyResultSchema } from '../audit.js';
import { disableAccountSchema, reportSchema, resolveReportSchema } from '../moderation.js';
import { permissionSchema } from '../permissions.js';
import { createRoleSchema, roleSchema, updateRoleSchema } from '../roles.js';
import { idParam, routeTable, textParam } from '../route.js';
import { settingCheckSchema, settingSchema, updateSettingSchema } from '../settings.js';
import {
  adminUserSchema,
  bulkUserRequestSchema,
  bulkUserResponseSchema,
  createUserSchema,
  temporaryPasswordSchema,
  updateUserSchema,
} from '../users.js';

const byId = z.object({ id: idParam });
const byText = z.object({ id: textParam });

/** The console's `users` resource and the account actions on it. */
export const userAdminRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/users',
    query: listQuerySchema,
    response: z.array(adminUserSchema),
  },
  get: { method: 'GET', path: '/api/admin/users/:id', params: byId, response: adminUserSchema },
  create: {
    method: 'POST',
    path: '/api/admin/users',
    status: 201,
    body: createUserSchema,
    response: adminUserSchema,
  },
  update: {
    method: 'PUT',
    path: '/api/admin/users/:id',
    params: byId,
    body: updateUserSchema,
    response: adminUserSchema,
  },
  remove: {
    method: 'DELETE',
    path: '/api/admin/users/:id',
    summary: 'Answers the deleted id, as react-admin expects',
    params: byId,
    response: z.object({ id: z.number() }),
  },
  unlock: { method: 'POST', path: '/api/admin/users/:id/unlock', status: 204, params: byId },
  resetPassword: {
    method: 'POST',
    path: '/api/admin/users/:id/reset-password',
    status: 200,
    params: byId,
    response: temporaryPasswordSchema,
  },
  revokeSessions: { method: 'POST', path: '/api/admin/users/:id/revoke-sessions', status: 204, params: byId },
  bulk: {
    method: 'POST',
    path: '/api/admin/users/bulk',
    status: 200,
    summary:
      'One action (disable, unlock, revokeSessions, addRole) on many accounts: a preview, or applied with the previewed count; each account by the same rules and audited',
    body: bulkUserRequestSchema,
    response: bulkUserResponseSchema,
  },
});

/** The console's `roles` resource; the permission catalogue is read to pick a role's permissions. */
export const roleRoutes = routeTable({
  permissions: {
    method: 'GET',
    path: '/api/admin/permissions',
    response: z.array(z.object({ id: permissionSchema })),
  },
  list: { method: 'GET', path: '/api/admin/roles', query: listQuerySchema, response: z.array(roleSchema) },
  get: { method: 'GET', path: '/api/admin/roles/:id', params: byId, response: roleSchema },
  create: {
    method: 'POST',
    path: '/api/admin/roles',
    status: 201,
    body: createRoleSchema,
    response: roleSchema,
  },
  update: {
    method: 'PUT',
    path: '/api/admin/roles/:id',
    params: byId,
    body: updateRoleSchema,
    response: roleSchema,
  },
  remove: {
    method: 'DELETE',
    path: '/api/admin/roles/:id',
    params: byId,
    response: z.object({ id: z.number() }),
  },
});

export const auditRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/audit',
    query: listQuerySchema,
    response: z.array(auditEntrySchema),
  },
  verify: {
    method: 'GET',
    path: '/api/admin/audit/verify',
    summary: 'Recomputes the hash chain from the first entry to the head',
    response: auditVerifyResultSchema,
  },
  exportCsv: {
    method: 'GET',
    path: '/api/admin/audit/export.csv',
    summary: 'UTF-8 with BOM, oldest first, the same filter as the list',
    query: listQuerySchema,
    produces: 'text/csv',
  },
  get: { method: 'GET', path: '/api/admin/audit/:id', params: byText, response: auditEntrySchema },
});

/** The moderation queue and what moderators did. */
export const reportAdminRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/reports',
    query: listQuerySchema,
    response: z.array(reportSchema),
  },
  get: { method: 'GET', path: '/api/admin/reports/:id', params: byId, response: reportSchema },
  resolve: {
    method: 'POST',
    path: '/api/admin/reports/:id/resolve',
    status: 200,
    params: byId,
    body: resolveReportSchema,
    response: reportSchema,
  },
  disableAccount: {
    method: 'POST',
    path: '/api/admin/moderation/users/:id/disable',
    status: 204,
    params: byId,
    body: disableAccountSchema,
  },
  activity: {
    method: 'GET',
    path: '/api/admin/moderation/activity',
    summary: 'Audit entries whose action starts with "moderation."',
    query: listQuerySchema,
    response: z.array(auditEntrySchema),
  },
});

export const settingRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/settings',
    query: listQuerySchema,
    response: z.array(settingSchema),
  },
  get: {
    method: 'GET',
    path: '/api/admin/settings/:key',
    params: z.object({ key: textParam }),
    response: settingSchema,
  },
  update: {
    method: 'PUT',
    path: '/api/admin/settings/:key',
    params: z.object({ key: textParam }),
    body: updateSettingSchema,
    response: settingSchema,
  },
  check: {
    method: 'POST',
    path: '/api/admin/settings/:key/check',
    status: 200,
    summary:
      'Checks a value with the setting’s own schema without saving it (VALIDATION_FAILED names each field)',
    params: z.object({ key: textParam }),
    body: updateSettingSchema,
    response: settingCheckSchema,
  },
});
