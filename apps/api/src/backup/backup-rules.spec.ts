import type { BackupManifest } from '@atrio/protocol';
import { describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, retentionVictims } from './backup-rules.js';

const DAY = 24 * 60 * 60_000;
const now = new Date('2026-11-29T12:00:00Z');

function backup(id: string, daysAgo: number, status: BackupManifest['status'] = 'ok'): BackupManifest {
  return { id, createdAt: new Date(now.getTime() - daysAgo * DAY).toISOString(), status } as BackupManifest;
}

describe('backup retention', () => {
  it('deletes beyond the count and past the age', () => {
    const list = [backup('a', 0), backup('b', 1), backup('c', 2), backup('d', 40)];
    const victims = retentionVictims(list, { scheduleCron: '30 2 * * *', keepCount: 3, keepDays: 30 }, now);
    expect(victims.map((v) => v.id)).toEqual(['d']);
    const fewer = retentionVictims(list, { scheduleCron: '30 2 * * *', keepCount: 1, keepDays: 30 }, now);
    expect(fewer.map((v) => v.id)).toEqual(['b', 'c', 'd']);
  });

  it('never deletes the newest good backup, however old', () => {
    const list = [backup('a', 50, 'failed'), backup('b', 60, 'verify_failed'), backup('c', 70, 'verified')];
    const victims = retentionVictims(list, { scheduleCron: '30 2 * * *', keepCount: 1, keepDays: 1 }, now);
    expect(victims.map((v) => v.id)).toEqual(['a', 'b']);
  });

  it('knows the schema versions this build ships', () => {
    expect(MIGRATION_NAMES).toContain('MessageSearch1764400000800');
  });
});
