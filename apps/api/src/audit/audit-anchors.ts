import type { DataSource, EntityManager } from 'typeorm';
import { AuditAnchorRow } from './audit-anchor.entity.js';
import type { AuditEntryRow } from './audit-entry.entity.js';

export const TRUNCATED_ACTION = 'audit.truncated';

/** What the `audit.truncated` entry repeats of its anchor; the verifier compares the two. */
export interface TruncationDetails {
  throughId: number;
  throughHash: string;
  removed: number;
  cutoff: string;
}

export function latestAnchor(reader: DataSource | EntityManager): Promise<AuditAnchorRow | null> {
  return reader
    .getRepository(AuditAnchorRow)
    .createQueryBuilder('a')
    .orderBy('a.throughId', 'DESC')
    .limit(1)
    .getOne();
}

/** Whether `entry` (already checked as part of the chain) is the record that vouches for `anchor`. */
export function vouchesFor(entry: AuditEntryRow, anchor: AuditAnchorRow): boolean {
  if (entry.id !== anchor.entryId || entry.action !== TRUNCATED_ACTION) return false;
  let details: Partial<TruncationDetails>;
  try {
    details = JSON.parse(entry.details) as Partial<TruncationDetails>;
  } catch {
    return false;
  }
  return (
    details.throughId === anchor.throughId &&
    details.throughHash === anchor.throughHash &&
    details.removed === anchor.removedCount
  );
}
