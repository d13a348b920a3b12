import { AuditChainHead } from '../audit/audit-chain-head.entity.js';
import { AuditEntryRow } from '../audit/audit-entry.entity.js';
import { SettingRecord } from '../settings/setting.entity.js';
import { RecoveryCode } from '../two-factor/recovery-code.entity.js';
import { UserTotp } from '../two-factor/user-totp.entity.js';
import { SessionRow } from '../auth/session.entity.js';
import { RoleRow } from '../roles/role.entity.js';
import { UserRole } from '../roles/user-role.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity of every feature; the migrations must produce exactly this schema (see schema.int-spec.ts). */
export const ENTITIES = [
  User,
  RoleRow,
  UserRole,
  SessionRow,
  AuditEntryRow,
  AuditChainHead,
  SettingRecord,
  UserTotp,
  RecoveryCode,
];
