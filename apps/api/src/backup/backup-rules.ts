import type { BackupManifest, BackupPolicy } from '@atrio/protocol';
import { MIGRATIONS } from '../database/migrations/index.js';

/** The schema versions this build can restore: the names of the migrations it ships. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((Migration) => new Migration().name);

const DAY_MS = 24 * 60 * 60_000;

/** Backups (newest first) to delete: beyond `keepCount`, or older than `keepDays`; never the newest good one. */
export function retentionVictims(
  newestFirst: BackupManifest[],
  policy: BackupPolicy,
  now: Date,
): BackupManifest[] {
  const keep = newestFirst.find((m) => m.status === 'ok' || m.status === 'verified');
  const oldest = now.getTime() - policy.keepDays * DAY_MS;
  return newestFirst.filter(
    (m, index) => m !== keep && (index >= policy.keepCount || new Date(m.createdAt).getTime() < oldest),
  );
}
