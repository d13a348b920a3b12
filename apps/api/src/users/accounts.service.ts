import { Injectable } from '@nestjs/common';
import type { ChangePassword, SessionUser, UpdateMySettings } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { RolesService } from '../roles/roles.service.js';
import { TwoFactorService } from '../two-factor/two-factor.service.js';
import { CredentialsService } from './credentials.service.js';
import { DisplayNameRules } from './display-name-rules.service.js';
import { User } from './user.entity.js';
import { settingsOf, toSessionUser } from './user-views.js';

/** What a signed-in user does to their own account. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: RolesService,
    private readonly twoFactor: TwoFactorService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    private readonly displayNames: DisplayNameRules,
  ) {}

  async sessionUser(user: User): Promise<SessionUser> {
    return toSessionUser(user, await this.roles.accessOf(user.id), await this.twoFactor.isEnabled(user.id));
  }

  async me(actor: Actor): Promise<SessionUser> {
    return this.sessionUser(await this.find(actor.userId));
  }

  async changePassword(actor: Actor, input: ChangePassword): Promise<void> {
    const user = await this.find(actor.userId);
    await this.credentials.replacePassword(actor, user, input);
  }

  async updateSettings(actor: Actor, input: UpdateMySettings): Promise<SessionUser> {
    const user = await this.find(actor.userId);
    const current = settingsOf(user);
    const changes: Partial<User> = {};
    if (input.displayName !== undefined && input.displayName !== user.displayName) {
      await this.displayNames.assertAcceptable(input.displayName, user.id);
      changes.displayName = input.displayName;
    }
    if (input.email !== undefined) changes.email = input.email;
    if (input.language !== undefined) changes.language = input.language;
    if (input.notifications !== undefined) {
      const next = { ...current.notifications, ...input.notifications };
      if (next.mutedRooms) next.mutedRooms = [...new Set(next.mutedRooms)];
      changes.notifications = JSON.stringify(next);
    }
    if (input.summaries !== undefined) changes.aiCatchUpAfter = input.summaries.catchUpAfterUnread;
    await this.dataSource.getRepository(User).update({ id: user.id }, changes);
    await this.audit.record({
      actor,
      action: 'user.settings.updated',
      target: `user:${user.id}`,
      outcome: 'success',
      details: { fields: Object.keys(changes) },
    });
    return this.me(actor);
  }

  private async find(id: number): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new AppError('UNAUTHORIZED', 'This account no longer exists.');
    return user;
  }
}
