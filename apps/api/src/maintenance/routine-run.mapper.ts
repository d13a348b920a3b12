import type {
  CheckFigures,
  CheckStatus,
  LocalizedText,
  RoutineItemResult,
  RoutineRun,
  RoutineRunStatus,
} from '@atrio/protocol';
import { findItemDefinition } from './routine-definitions.js';
import type { RoutineItemRow } from './routine-item.entity.js';
import type { RoutineRunRow } from './routine-run.entity.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** The worst automatic check of a run: failed > warning > ok. */
export function checksStatusOf(items: Array<Pick<RoutineItemRow, 'type' | 'status'>>): CheckStatus {
  const statuses = items.filter((item) => item.type === 'check').map((item) => item.status);
  if (statuses.includes('failed')) return 'failed';
  return statuses.includes('warning') ? 'warning' : 'ok';
}

/** A failed check decides; otherwise the run waits for its manual items before it is ok or warning. */
export function runStatusOf(checks: CheckStatus, pendingManualItems: number): RoutineRunStatus {
  if (checks === 'failed') return 'failed';
  return pendingManualItems > 0 ? 'pending_manual' : checks;
}

/** A check's sentence in both languages; null for manual items and rows stored before Spanish. */
export function messageTextOf(item: Pick<RoutineItemRow, 'message' | 'messageEs'>): LocalizedText | null {
  return item.message !== null && item.messageEs !== null ? { en: item.message, es: item.messageEs } : null;
}

export function toRoutineRun(run: RoutineRunRow, items: RoutineItemRow[]): RoutineRun {
  const sorted = [...items].sort((a, b) => a.position - b.position);
  return {
    id: run.id,
    kind: run.kind,
    trigger: run.trigger,
    startedBy: run.startedBy,
    startedByName: run.startedByName,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    status: run.status,
    checksStatus: run.checksStatus,
    pendingManualItems: sorted.filter((item) => item.status === 'pending').length,
    acknowledgedBy: run.acknowledgedBy,
    acknowledgedByName: run.acknowledgedByName,
    acknowledgedAt: iso(run.acknowledgedAt),
    acknowledgeComment: run.acknowledgeComment,
    items: sorted.map((item) => toItemResult(run, item)),
  };
}

function toItemResult(run: RoutineRunRow, item: RoutineItemRow): RoutineItemResult {
  const definition = findItemDefinition(run.kind, item.itemId);
  return {
    itemId: item.itemId,
    type: item.type,
    // A result outlives a renamed or removed definition: its id stands in for the title.
    title: definition?.title ?? { en: item.itemId, es: item.itemId },
    status: item.status,
    message: item.message,
    messageText: messageTextOf(item),
    figures: parseFigures(item.figures),
    durationMs: item.durationMs,
    tickedBy: item.tickedBy,
    tickedByName: item.tickedByName,
    tickedAt: iso(item.tickedAt),
    comment: item.comment,
  };
}

function parseFigures(text: string): CheckFigures {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as CheckFigures)
      : {};
  } catch {
    return {};
  }
}
