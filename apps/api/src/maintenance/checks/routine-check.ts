import type { CheckFigures, CheckStatus, LocalizedText, RoutineKind } from '@atrio/protocol';
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
  /**
   * What was found, in both languages of the console. `en` is also what the CLI, the alerts and
   * the API's `message` show. Details quoted from elsewhere (an error, a verification) stay as given.
   */
  message: LocalizedText;
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

/** Spanish writes the decimal separator as a comma: 1.5 → "1,5". */
export function esDecimal(value: number | string): string {
  return String(value).replace('.', ',');
}

/** A count and its Spanish noun, singular for exactly one: "1 sala", "3 salas". */
export function countEs(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Sentences (or parts of one) joined the same way in both languages. */
export function joinText(parts: LocalizedText[], separator: string): LocalizedText {
  return {
    en: parts.map((part) => part.en).join(separator),
    es: parts.map((part) => part.es).join(separator),
  };
}
