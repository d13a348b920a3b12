import { Injectable } from '@nestjs/common';
import type { CreateUser, UpdateUser } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { AppError } from '../common/app-error.js';
import { RolesService } from '../roles/roles.service.js';
import { CredentialsService } from './credentials.service.js';
import { DisplayNameRules } from './display-name-rules.service.js';
import { User } from './user.entity.js';

/** The write side of the `users` resource: create, edit, disable, delete accounts. */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: RolesService,
    private readonly credentials: CredentialsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly displayNames: DisplayNameRules,
  ) {}

  /** Returns the new user's id. The password the admin typed is temporary: it must be changed at first login. */
  async create(actor: Actor | null, input: CreateUser): Promise<number> {
    if (await this.dataSource.getRepository(User).existsBy({ username: input.username })) {
      throw taken(input.username);
    }
    await this.displayNames.assertAcceptable(input.displayName, null, input.username);
    const passwordHash = await this.credentials.checkedHash(input.password, input, 'password');
    const id = await this.dataSource.transaction(async (manager) => {
      const users = manager.getRepository(User);
      if (await users.existsBy({ username: input.username })) throw taken(input.username); // a race
      const user = await users.save({
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        passwordHash,
        status: 'active' as const,
        mustChangePassword: true,
        createdAt: new Date(),
      });
      await this.roles.setUserRoles(actor, user.id, input.roles, manager);
      return user.id;
    });
    await this.record(actor, 'user.created', id, { username: input.username, roles: input.roles });
    return id;
  }

  /**
   * Any change to an account by someone lacking one of its permissions is refused here as well as by
   * AccountActionsInterceptor: moderation's "disable account" reaches this method by another route.
   */
  async update(actor: Actor | null, id: number, input: UpdateUser): Promise<number> {
    const user = await this.find(id);
    await this.roles.assertCanManage(actor, id);
    const changes: Partial<User> = {};
    if (input.displayName !== undefined && input.displayName !== user.displayName) {
      await this.displayNames.assertAcceptable(input.displayName, id);
      changes.displayName = input.displayName;
    }
    if (input.email !== undefined && input.email !== user.email) changes.email = input.email;
    const disabling = input.status === 'disabled' && user.status !== 'disabled';
    const enabling = input.status === 'active' && user.status === 'disabled';
    if (disabling) {
      if (actor?.userId === id) throw new AppError('FORBIDDEN', 'You cannot disable your own account.');
      await this.roles.assertNotLastAdmin(id);
      changes.status = 'disabled';
    }
    if (enabling) changes.status = 'active';
    const rolesBefore = (await this.roles.rolesOfUsers([id])).get(id) ?? [];
    const rolesChanged = input.roles !== undefined && !sameSet(input.roles, rolesBefore);
    await this.dataSource.transaction(async (manager) => {
      if (Object.keys(changes).length > 0) await manager.getRepository(User).update({ id }, changes);
      if (rolesChanged) await this.roles.setUserRoles(actor, id, input.roles!, manager);
    });
    if (disabling) await this.sessions.revokeAllForUser(id, 'account disabled');
    if (rolesChanged)
      await this.record(actor, 'user.roles.changed', id, { before: rolesBefore, after: input.roles });
    if (Object.keys(changes).length > 0) {
      const action = disabling ? 'user.disabled' : enabling ? 'user.enabled' : 'user.updated';
      await this.record(actor, action, id, { fields: Object.keys(changes) });
    }
    return id;
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const user = await this.find(id);
    if (actor.userId === id) throw new AppError('FORBIDDEN', 'You cannot delete your own account.');
    await this.roles.assertNotLastAdmin(id);
    await this.sessions.revokeAllForUser(id, 'account deleted');
    await this.dataSource.getRepository(User).delete({ id });
    await this.record(actor, 'user.deleted', id, { username: user.username });
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

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((x) => left.has(x));
}

function taken(username: string): AppError {
  return new AppError('CONFLICT', `The username "${username}" is taken.`);
}
