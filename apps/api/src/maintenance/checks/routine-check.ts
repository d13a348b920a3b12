import type { CheckFigures, CheckStatus, RoutineKind } from '@atrio/protocol';
import type { Actor } from '../../common/actor.js';

/** What a check is told about the run it belongs to. */
export interface CheckContext {
  actor: Actor | null;
  kind: RoutineKind;
  /** When the previous run of this routine started (or one period back): "since the last run". */
  since: Date;
  now: Date;
}

export interface CheckResult {
  status: CheckStatus;
  message: string;
  figures: CheckFigures;
}

/** One automatic check; `id` is the item id in the routine definitions. */
export interface RoutineCheck {
  readonly id: string;
  run(context: CheckContext): Promise<CheckResult>;
}

/** Injection token for the list of every check (see maintenance.module.ts). */
export const ROUTINE_CHECKS = Symbol('ROUTINE_CHECKS');

/** The worse of two statuses: failed > warning > ok. */
export function worst(a: CheckStatus, b: CheckStatus): CheckStatus {
  const rank = { ok: 0, warning: 1, failed: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

export const MB = 1024 * 1024;
