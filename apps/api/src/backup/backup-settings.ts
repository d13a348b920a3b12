import { backupPolicySchema } from '@atrio/protocol';
import { defineSetting } from '../settings/setting-definition.js';

export const BACKUP_POLICY = defineSetting(
  'backups.policy',
  backupPolicySchema,
  { scheduleCron: '30 2 * * *', keepCount: 14, keepDays: 30 },
  'A backup is taken daily at this time ("M H * * *", server time); older ones are deleted beyond the count or the age in days, never the newest good one.',
);
