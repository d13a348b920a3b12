import { z } from 'zod';
import { listQuerySchema } from '../admin.js';
import {
  backupManifestSchema,
  backupRestoreRequestSchema,
  backupRestoreResultSchema,
  backupVerifyResultSchema,
} from '../backups.js';
import {
  certificateStatusSchema,
  installCertificateSchema,
  previousCertificateSchema,
  renewCertificateSchema,
} from '../certificates.js';
import { encryptionStatusSchema } from '../encryption.js';
import { healthSchema } from '../health.js';
import {
  acknowledgeAlertSchema,
  databaseCheckResultSchema,
  databaseOptimizeResultSchema,
  routineAlertSchema,
  routineDefinitionSchema,
  routineRunSchema,
  startRoutineRunSchema,
  tickRoutineItemSchema,
} from '../maintenance.js';
import { monitoringSummarySchema } from '../monitoring.js';
import {
  retentionPolicySchema,
  retentionPreviewQuerySchema,
  retentionPreviewSchema,
  retentionRunResultSchema,
  retentionRunSchema,
  roomRetentionCreateSchema,
  roomRetentionSchema,
  roomRetentionUpdateSchema,
} from '../retention.js';
import { idParam, routeTable, textParam } from '../route.js';

const byId = z.object({ id: idParam });
const backup = z.object({ id: textParam });

export const healthRoutes = routeTable({
  health: {
    method: 'GET',
    path: '/api/health',
    summary: '{"status":"ok", version, uptimeSeconds, database} once logins are served',
    response: healthSchema,
  },
});

export const monitoringRoutes = routeTable({
  metrics: {
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus text format; needs the scrape token or monitoring.read',
    produces: 'text/plain',
  },
  summary: {
    method: 'GET',
    path: '/api/admin/monitoring/summary',
    summary: 'Current values and the last 24 h in one-minute buckets, for the console',
    response: monitoringSummarySchema,
  },
});

export const backupRoutes = routeTable({
  list: {
    method: 'GET',
    path: '/api/admin/backups',
    query: listQuerySchema,
    response: z.array(backupManifestSchema),
  },
  get: { method: 'GET', path: '/api/admin/backups/:id', params: backup, response: backupManifestSchema },
  create: { method: 'POST', path: '/api/admin/backups', status: 201, response: backupManifestSchema },
  verify: {
    method: 'POST',
    path: '/api/admin/backups/:id/verify',
    status: 200,
    params: backup,
    response: backupVerifyResultSchema,
  },
  restore: {
    method: 'POST',
    path: '/api/admin/backups/:id/restore',
    status: 200,
    summary: 'Replaces the database; `confirm` must repeat the id',
    params: backup,
    body: backupRestoreRequestSchema,
    response: backupRestoreResultSchema,
  },
  download: {
    method: 'GET',
    path: '/api/admin/backups/:id/download',
    params: backup,
    produces: 'application/octet-stream',
  },
  remove: { method: 'DELETE', path: '/api/admin/backups/:id', status: 204, params: backup },
});

export const certificateRoutes = routeTable({
  current: { method: 'GET', path: '/api/admin/certificates/current', response: certificateStatusSchema },
  renew: {
    method: 'POST',
    path: '/api/admin/certificates/renew',
    status: 200,
    body: renewCertificateSchema,
    response: certificateStatusSchema,
  },
  install: {
    method: 'POST',
    path: '/api/admin/certificates/install',
    status: 200,
    body: installCertificateSchema,
    response: certificateStatusSchema,
  },
  previous: {
    method: 'GET',
    path: '/api/admin/certificates/previous',
    summary: 'The pair the last renewal or installation replaced (server.crt.bak / server.key.bak)',
    response: previousCertificateSchema,
  },
  restorePrevious: {
    method: 'POST',
    path: '/api/admin/certificates/previous/restore',
    status: 200,
    summary:
      'Serves the previous pair again, checked like an upload, without a restart; the current one becomes the previous',
    response: certificateStatusSchema,
  },
});

export const encryptionRoutes = routeTable({
  status: { method: 'GET', path: '/api/admin/encryption/status', response: encryptionStatusSchema },
  rotate: {
    method: 'POST',
    path: '/api/admin/encryption/rotate',
    status: 202,
    summary: 'A new key is active; re-encryption runs in the background (see `pass`)',
    response: encryptionStatusSchema,
  },
});

export const databaseRoutes = routeTable({
  check: {
    method: 'GET',
    path: '/api/admin/database/check',
    summary: 'Integrity and schema check; ok is false with the problems listed',
    response: databaseCheckResultSchema,
  },
  optimize: {
    method: 'POST',
    path: '/api/admin/database/optimize',
    status: 200,
    summary: 'Statistics refreshed, VACUUM when worth it; sizes before and after',
    response: databaseOptimizeResultSchema,
  },
});

/** The maintenance routines of the manual's §8. */
export const routineRoutes = routeTable({
  definitions: {
    method: 'GET',
    path: '/api/admin/routines/definitions',
    summary: 'The daily, weekly and monthly routines: checks and manual items',
    response: z.array(routineDefinitionSchema),
  },
  runs: {
    method: 'GET',
    path: '/api/admin/routines/runs',
    query: listQuerySchema,
    response: z.array(routineRunSchema),
  },
  run: { method: 'GET', path: '/api/admin/routines/runs/:id', params: byId, response: routineRunSchema },
  start: {
    method: 'POST',
    path: '/api/admin/routines/runs',
    status: 201,
    summary: 'The finished run (its checks have run; manual items pending)',
    body: startRoutineRunSchema,
    response: routineRunSchema,
  },
  tick: {
    method: 'POST',
    path: '/api/admin/routines/runs/:id/items/:itemId/tick',
    status: 200,
    params: z.object({ id: idParam, itemId: textParam }),
    body: tickRoutineItemSchema,
    response: routineRunSchema,
  },
  alerts: {
    method: 'GET',
    path: '/api/admin/routines/alerts',
    summary: 'Open alerts (id = the failed run)',
    response: z.array(routineAlertSchema),
  },
  acknowledge: {
    method: 'POST',
    path: '/api/admin/routines/alerts/:id/acknowledge',
    status: 200,
    params: byId,
    body: acknowledgeAlertSchema,
    response: routineRunSchema,
  },
});

/** Retention deletes data for good. */
export const retentionRoutes = routeTable({
  policy: { method: 'GET', path: '/api/admin/retention/policy', response: retentionPolicySchema },
  setPolicy: {
    method: 'PUT',
    path: '/api/admin/retention/policy',
    body: retentionPolicySchema,
    response: retentionPolicySchema,
  },
  preview: {
    method: 'GET',
    path: '/api/admin/retention/preview',
    summary: 'What a run at `at` (default now) would delete',
    query: retentionPreviewQuerySchema,
    response: retentionPreviewSchema,
  },
  run: {
    method: 'POST',
    path: '/api/admin/retention/run',
    status: 200,
    summary: 'The finished run with its counts; 409 while another run is in progress',
    response: retentionRunResultSchema,
  },
  runs: {
    method: 'GET',
    path: '/api/admin/retention/runs',
    query: listQuerySchema,
    response: z.array(retentionRunSchema),
  },
  getRun: {
    method: 'GET',
    path: '/api/admin/retention/runs/:id',
    params: byId,
    response: retentionRunSchema,
  },
  rooms: {
    method: 'GET',
    path: '/api/admin/retention/rooms',
    query: listQuerySchema,
    response: z.array(roomRetentionSchema),
  },
  getRoom: {
    method: 'GET',
    path: '/api/admin/retention/rooms/:id',
    params: byId,
    response: roomRetentionSchema,
  },
  createRoom: {
    method: 'POST',
    path: '/api/admin/retention/rooms',
    status: 201,
    body: roomRetentionCreateSchema,
    response: roomRetentionSchema,
  },
  putRoom: {
    method: 'PUT',
    path: '/api/admin/retention/rooms/:id',
    params: byId,
    body: roomRetentionUpdateSchema,
    response: roomRetentionSchema,
  },
  removeRoom: { method: 'DELETE', path: '/api/admin/retention/rooms/:id', status: 204, params: byId },
});
