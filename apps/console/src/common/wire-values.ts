import type { AuditOutcome, Permission, RoutineKind, RoutineRunStatus } from '@atrio/protocol';

/**
 * The few enumerations the console lists as values. Importing the protocol's arrays would pull zod
 * and every schema into the first download (TOOLCHAIN: top-level z.object calls are not
 * tree-shaken), so they are spelled here as records keyed by the protocol's own types: tsc fails
 * the moment the protocol adds or drops a value.
 */
const permissions: Record<Permission, true> = {
  'messages.send': true,
  'rooms.create': true,
  'rooms.manage_any': true,
  'moderation.moderate': true,
  'users.read': true,
  'users.manage': true,
  'users.unlock': true,
  'roles.manage': true,
  'audit.read': true,
  'backups.manage': true,
  'certificates.manage': true,
  'monitoring.read': true,
  'routines.run': true,
  'settings.manage': true,
  'ai.summarize': true,
};
const routineKinds: Record<RoutineKind, true> = { daily: true, weekly: true, monthly: true };
const runStatuses: Record<RoutineRunStatus, true> = {
  running: true,
  ok: true,
  warning: true,
  failed: true,
  pending_manual: true,
};
const auditOutcomes: Record<AuditOutcome, true> = { success: true, failure: true, denied: true };

export const PERMISSION_NAMES = Object.keys(permissions) as Permission[];
export const ROUTINE_KIND_NAMES = Object.keys(routineKinds) as RoutineKind[];
export const RUN_STATUS_NAMES = Object.keys(runStatuses) as RoutineRunStatus[];
export const AUDIT_OUTCOME_NAMES = Object.keys(auditOutcomes) as AuditOutcome[];
