import type { AuditEntry, AuditOutcome } from '@atrio/protocol';
import type { ChainFields } from './audit-chain.js';
import type { AuditEntryRow } from './audit-entry.entity.js';

export function chainFieldsOf(row: AuditEntryRow): ChainFields {
  return {
    id: row.id,
    atMs: row.at.getTime(),
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    ip: row.ip,
    details: row.details,
    prevHash: row.prevHash,
  };
}

export function toAuditEntry(row: AuditEntryRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    target: row.target,
    outcome: row.outcome as AuditOutcome,
    ip: row.ip,
    details: parseDetails(row.details),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** A tampered row must still be viewable, so the console can show what was found. */
function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  return { unparsed: text };
}
