import { Injectable } from '@nestjs/common';
import type {
  AdminUser,
  BulkUserRequest,
  BulkUserResponse,
  BulkUserResult,
  Permission,
} from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { holdsAll, permissionsOf } from '../roles/access.js';
import { RoleRow } from '../roles/role.entity.js';
import { RolesService } from '../roles/roles.service.js';
import { UserDirectoryService } from './user-directory.service.js';
import { UserSecurityService } from './user-security.service.js';
import { UsersAdminService } from './users-admin.service.js';

/** What each bulk action needs; the same permission as the one-account route. */
const NEEDS: Record<BulkUserRequest['action'], Permission> = {
  disable: 'users.manage',
  unlock: 'users.unlock',
  revokeSessions: 'users.manage',
  addRole: 'users.manage',
};

type Verdict = Pick<BulkUserResult, 'outcome' | 'reason' | 'message'>;

/**
 * One action on many accounts, account by account through the same services as the one-account
 * routes, so every rule holds for each (never the last administrator, never oneself, nobody acts
 * on an account holding permissions they lack) and each change is audited on its own. A preview
 * applies the same checks without changing anything; applying needs the previewed count.
 */
@Injectable()
export class UsersBulkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: UserDirectoryService,
    private readonly admin: UsersAdminService,
    private readonly security: UserSecurityService,
    private readonly roles: RolesService,
    private readonly audit: AuditService,
  ) {}

  async run(actor: Actor, request: BulkUserRequest): Promise<BulkUserResponse> {
    const needed = NEEDS[request.action];
    if (!actor.permissions.has(needed)) {
      await this.audit.record({
        actor,
        action: 'access.denied',
        outcome: 'denied',
        details: { route: 'POST /api/admin/users/bulk', action: request.action, missing: needed },
      });
      throw new AppError('FORBIDDEN', `This action needs the ${needed} permission.`, { permission: needed });
    }
    const rolePermissions = request.action === 'addRole' ? await this.rolePermissions(request.role!) : null;
    const users = await Promise.all(request.ids.map((id) => this.directory.get(id).catch(() => null)));
    const plan = await Promise.all(
      request.ids.map(async (id, index) => ({
        id,
        user: users[index] ?? null,
        verdict: await this.verdict(actor, request, id, users[index] ?? null, rolePermissions),
      })),
    );
    const changing = plan.filter((p) => p.verdict.outcome === 'change');
    if (!request.apply) {
      return {
        action: request.action,
        applied: false,
        count: changing.length,
        results: plan.map(({ id, user, verdict }) => ({ id, username: user?.username ?? null, ...verdict })),
      };
    }
    if (request.expectedCount !== changing.length) {
      throw new AppError(
        'CONFLICT',
        `The preview no longer holds: ${changing.length} account(s) would change now, not ${request.expectedCount}. Preview again.`,
        { count: changing.length },
      );
    }
    const results: BulkUserResult[] = [];
    for (const { id, user, verdict } of plan) {
      const username = user?.username ?? null;
      if (verdict.outcome === 'refused' && verdict.reason === 'holds_more') await this.denied(actor, id);
      if (verdict.outcome !== 'change') {
        results.push({ id, username, ...verdict });
        continue;
      }
      try {
        await this.perform(actor, request, user!);
        results.push({ id, username, outcome: 'changed' });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Rules that only bite in sequence, e.g. disabling every administrator: the last one stays.
        results.push({ id, username, outcome: 'failed', reason: reasonOf(error), message: error.message });
      }
    }
    return {
      action: request.action,
      applied: true,
      count: results.filter((r) => r.outcome === 'changed').length,
      results,
    };
  }

  private async verdict(
    actor: Actor,
    request: BulkUserRequest,
    id: number,
    user: AdminUser | null,
    rolePermissions: Permission[] | null,
  ): Promise<Verdict> {
    if (!user) return { outcome: 'skipped', reason: 'not_found' };
    switch (request.action) {
      case 'disable':
        if (user.status === 'disabled') return { outcome: 'skipped', reason: 'already_disabled' };
        break;
      case 'unlock':
        if (user.status !== 'locked') return { outcome: 'skipped', reason: 'not_locked' };
        break;
      case 'addRole':
        if (user.roles.includes(request.role!)) return { outcome: 'skipped', reason: 'has_role' };
        break;
      case 'revokeSessions':
        break;
    }
    const refused = (reason: string, error?: AppError): Verdict => ({
      outcome: 'refused',
      reason,
      ...(error && { message: error.message }),
    });
    try {
      await this.roles.assertCanManage(actor, id);
    } catch (error) {
      if (error instanceof AppError) return refused('holds_more', error);
      throw error;
    }
    if (request.action === 'disable' || request.action === 'addRole') {
      if (actor.userId === id) return refused('self');
    }
    if (request.action === 'disable') {
      try {
        await this.roles.assertNotLastAdmin(id);
      } catch (error) {
        if (error instanceof AppError) return refused('last_admin', error);
        throw error;
      }
    }
    if (rolePermissions && !holdsAll(actor.permissions, rolePermissions)) return refused('role_not_held');
    return { outcome: 'change' };
  }

  private perform(actor: Actor, request: BulkUserRequest, user: AdminUser): Promise<unknown> {
    switch (request.action) {
      case 'disable':
        return this.admin.update(actor, user.id, { status: 'disabled' });
      case 'unlock':
        return this.security.unlock(actor, user.id);
      case 'revokeSessions':
        return this.security.revokeSessions(actor, user.id);
      case 'addRole':
        return this.admin.update(actor, user.id, { roles: [...user.roles, request.role!] });
    }
  }

  private async rolePermissions(name: string): Promise<Permission[]> {
    const role = await this.dataSource.getRepository(RoleRow).findOneBy({ name });
    if (!role) {
      throw new AppError('VALIDATION_FAILED', `There is no role named ${name}.`, {
        fields: [{ path: 'role', message: 'no such role' }],
      });
    }
    return [...permissionsOf(role)];
  }

  /** As the one-account routes do (AccountActionsInterceptor): a refusal for this reason is audited. */
  private async denied(actor: Actor, id: number): Promise<void> {
    await this.audit.record({
      actor,
      action: 'access.denied',
      target: `user:${id}`,
      outcome: 'denied',
      details: { route: 'POST /api/admin/users/bulk', reason: 'target holds more' },
    });
  }
}

function reasonOf(error: AppError): string {
  if (/last active administrator/.test(error.message)) return 'last_admin';
  return error.code.toLowerCase();
}
