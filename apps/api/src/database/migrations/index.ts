import { CreateUsers1764400000000 } from './1764400000000-create-users.js';
import { Identity1764400000100 } from './1764400000100-identity.js';
import { CreateAudit1764400000200 } from './1764400000200-create-audit.js';
import { CreateSettings1764400000300 } from './1764400000300-create-settings.js';
import { CreateTwoFactor1764400000400 } from './1764400000400-create-two-factor.js';
import { Recovery1764400000500 } from './1764400000500-recovery.js';
import { Chat1764400000600 } from './1764400000600-chat.js';
import { Moderation1764400000700 } from './1764400000700-moderation.js';
import { MessageSearch1764400000800 } from './1764400000800-message-search.js';
import { Maintenance1764400000900 } from './1764400000900-maintenance.js';
import { Retention1764400001000 } from './1764400001000-retention.js';
import { Encryption1764400001100 } from './1764400001100-encryption.js';
import { SearchBacklog1764400001200 } from './1764400001200-search-backlog.js';
import { UnknownLogins1764400001300 } from './1764400001300-unknown-logins.js';
import { Summaries1764400001700 } from './1764400001700-summaries.js';
import { ModeratorsReadAudit1764400001800 } from './1764400001800-moderators-read-audit.js';
import { RoutineMessagesEs1764400001900 } from './1764400001900-routine-messages-es.js';
import { SearchByRoom1764400002000 } from './1764400002000-search-by-room.js';

/** Listed explicitly: globs find nothing when Vitest runs the .ts sources (TOOLCHAIN P11). */
export const MIGRATIONS = [
  CreateUsers1764400000000,
  Identity1764400000100,
  CreateAudit1764400000200,
  CreateSettings1764400000300,
  CreateTwoFactor1764400000400,
  Recovery1764400000500,
  Chat1764400000600,
  Moderation1764400000700,
  MessageSearch1764400000800,
  Maintenance1764400000900,
  Retention1764400001000,
  Encryption1764400001100,
  SearchBacklog1764400001200,
  UnknownLogins1764400001300,
  Summaries1764400001700,
  ModeratorsReadAudit1764400001800,
  RoutineMessagesEs1764400001900,
  SearchByRoom1764400002000,
];
