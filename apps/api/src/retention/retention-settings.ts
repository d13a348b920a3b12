import { retentionPolicySchema } from '@atrio/protocol';
import { defineSetting } from '../settings/setting-definition.js';

export const RETENTION_POLICY = defineSetting(
  'retention.policy',
  retentionPolicySchema,
  { messageDays: null, auditDays: null, scheduleCron: '15 3 * * *' },
  'Messages older than messageDays (rooms may override) and audit entries older than auditDays (at least 90) are deleted daily at this time ("M H * * *", server time); null keeps them forever.',
);
