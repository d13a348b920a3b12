import type { EntityList } from './database/data-source.js';
import { AuditChainHead } from './audit/audit-chain-head.entity.js';
import { AuditEntryRow } from './audit/audit-entry.entity.js';
import { AuditAnchorRow } from './audit/audit-anchor.entity.js';
import { RetentionRunRow } from './retention/retention-run.entity.js';
import { RoomRetentionRow } from './retention/room-retention.entity.js';
import { SettingRecord } from './settings/setting.entity.js';
import { RecoveryCode } from './two-factor/recovery-code.entity.js';
import { UserTotp } from './two-factor/user-totp.entity.js';
import { SessionRow } from './auth/sessions/session.entity.js';
import { UnknownLoginRow } from './auth/login/unknown-login.entity.js';
import { MessageRow } from './messages/message.entity.js';
import { ReactionRow } from './messages/reaction.entity.js';
import { MessageReportRow } from './moderation/message-report.entity.js';
import { RoutineItemRow } from './maintenance/routine-item.entity.js';
import { RoutineRunRow } from './maintenance/routine-run.entity.js';
import { ResetCodeRow } from './recovery/reset-code.entity.js';
import { RoomBanRow } from './rooms/room-ban.entity.js';
import { RoomMemberRow } from './rooms/room-member.entity.js';
import { RoomRow } from './rooms/room.entity.js';
import { SecurityAnswer } from './recovery/security-answer.entity.js';
import { RoleRow } from './roles/role.entity.js';
import { ServerSecret } from './secrets/server-secret.entity.js';
import { UserRole } from './roles/user-role.entity.js';
import { User } from './users/user.entity.js';
import { RoomDigestRow } from './summaries/room-digest.entity.js';
import { SummaryJobRow } from './summaries/summary-job.entity.js';

/**
 * Every entity of every feature, assembled here where the application is composed (the server,
 * the CLI and the tests pass it to openDatabase) so that database/ knows no feature. The
 * migrations must produce exactly this schema (database/schema.int-spec.ts).
 */
export const APP_ENTITIES: EntityList = [
  User,
  RoleRow,
  UserRole,
  SessionRow,
  UnknownLoginRow,
  AuditEntryRow,
  AuditChainHead,
  SettingRecord,
  UserTotp,
  RecoveryCode,
  ServerSecret,
  SecurityAnswer,
  ResetCodeRow,
  RoomRow,
  RoomMemberRow,
  RoomBanRow,
  MessageRow,
  ReactionRow,
  MessageReportRow,
  RoutineRunRow,
  RoutineItemRow,
  AuditAnchorRow,
  RoomRetentionRow,
  RetentionRunRow,
  SummaryJobRow,
  RoomDigestRow,
];
