import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { UNLOCKED } from '../auth/login/lockout.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { AppError } from '../common/app-error.js';
import { CredentialsService } from './credentials.service.js';
import { User } from './user.entity.js';

/** What IT does when an account is in trouble: unlock it, reset its password, end its sessions. */
@Injectable()
export class UserSecurityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: CredentialsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async unlock(actor: Actor | null, id: number): Promise<void> {
    const user = await this.find(id);
    await this.dataSource.getRepository(User).update({ id }, UNLOCKED);
    await this.record(actor, 'user.unlocked', id, {
      wasLockedUntil: user.lockedUntil?.toISOString() ?? null,
    });
  }

  /** A random temporary password, shown once to the admin; the user must change it at next login. */
  async resetPassword(actor: Actor | null, id: number): Promise<{ temporaryPassword: string }> {
    const user = await this.find(id);
    const temporaryPassword = randomBytes(12).toString('base64url');
    await this.credentials.setPassword(user, temporaryPassword, true);
    await this.dataSource.getRepository(User).update({ id }, UNLOCKED);
    const ended = await this.sessions.revokeAllForUser(id, 'password reset by an administrator');
    await this.record(actor, 'user.password.reset', id, { sessionsEnded: ended });
    return { temporaryPassword };
  }

  async revokeSessions(actor: Actor, id: number): Promise<void> {
    await this.find(id);
    const ended = await this.sessions.revokeAllForUser(id, 'revoked by an administrator');
    await this.record(actor, 'user.sessions.revoked', id, { sessionsEnded: ended });
  }

  private async find(id: number): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new AppError('NOT_FOUND', 'There is no such user.');
    return user;
  }

  private async record(
    actor: Actor | null,
    action: string,
    userId: number,
    details: Record<string, unknown>,
  ) {
    await this.audit.record({ actor, action, target: `user:${userId}`, outcome: 'success', details });
  }
}
