import { Injectable } from '@nestjs/common';
import {
  ROLES_SORTABLE,
  type CreateRole,
  type Permission,
  type Role,
  type UpdateRole,
} from '@atrio/protocol';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { ListRequest } from '../common/ra-list.js';
import { ADMIN_ROLE, holdsAll, permissionsOf } from './access.js';
import { readRolesOf } from './role-reader.js';
import { RoleRow } from './role.entity.js';
import { UserRole } from './user-role.entity.js';

export interface Access {
  roles: string[];
  permissions: Set<Permission>;
  requireTwoFactor: boolean;
}

/** The fields the console may sort roles on (protocol's `roles` resource). */
export const ROLE_SORTABLE = ROLES_SORTABLE;

@Injectable()
export class RolesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** What a user may do: the union of their roles' permissions. */
  async accessOf(userId: number, manager: EntityManager = this.dataSource.manager): Promise<Access> {
    const roles = await readRolesOf(this.dataSource, userId, manager);
    return {
      roles: roles.map((role) => role.name),
      permissions: new Set(roles.flatMap(permissionsOf)),
      requireTwoFactor: roles.some((role) => role.requireTwoFactor),
    };
  }

  async rolesOfUsers(userIds: number[]): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const rows = await this.dataSource
      .getRepository(UserRole)
      .createQueryBuilder('link')
      .innerJoin(RoleRow, 'role', 'role.id = link.role_id')
      .select(['link.user_id AS "userId"', 'role.name AS "name"'])
      .where('link.user_id IN (:...userIds)', { userIds })
      .orderBy('role.name')
      .getRawMany<{ userId: number; name: string }>();
    for (const row of rows) result.get(Number(row.userId))?.push(row.name);
    return result;
  }

  /**
   * Replaces a user's roles. Nobody changes their own roles, and nobody adds or removes a role
   * whose permissions they do not all hold — so no route lets a member or a user manager climb.
   */
  async setUserRoles(
    actor: Actor | null,
    userId: number,
    names: string[],
    manager: EntityManager,
  ): Promise<void> {
    if (actor && actor.userId === userId) {
      throw new AppError('FORBIDDEN', 'You cannot change your own roles; ask another administrator.');
    }
    const wanted = await this.findByNames([...new Set(names)], manager);
    const current = await manager
      .getRepository(RoleRow)
      .createQueryBuilder('role')
      .innerJoin(UserRole, 'link', 'link.role_id = role.id')
      .where('link.user_id = :userId', { userId })
      .getMany();
    const wantedIds = new Set(wanted.map((role) => role.id));
    const currentIds = new Set(current.map((role) => role.id));
    const changed = [
      ...wanted.filter((r) => !currentIds.has(r.id)),
      ...current.filter((r) => !wantedIds.has(r.id)),
    ];
    if (actor && !changed.every((role) => holdsAll(actor.permissions, permissionsOf(role)))) {
      throw new AppError(
        'FORBIDDEN',
        'You can only grant or remove roles whose permissions you hold yourself.',
      );
    }
    if (current.some((r) => r.name === ADMIN_ROLE) && !wanted.some((r) => r.name === ADMIN_ROLE)) {
      await this.assertAnotherAdmin(userId, manager);
    }
    await manager.getRepository(UserRole).delete({ userId });
    if (wanted.length > 0) {
      await manager.getRepository(UserRole).insert(wanted.map((role) => ({ userId, roleId: role.id })));
    }
  }

  /** Refuses to disable, delete or demote the last active administrator. */
  async assertNotLastAdmin(userId: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const access = await this.accessOf(userId, manager);
    if (access.roles.includes(ADMIN_ROLE)) await this.assertAnotherAdmin(userId, manager);
  }

  /**
   * Acting on someone's credentials needs every permission they hold: a user manager cannot take over an admin.
   * The system (null: the CLI, run by whoever owns the data dir) may act on anyone.
   */
  async assertCanManage(actor: Actor | null, userId: number): Promise<void> {
    if (actor === null) return;
    const target = await this.accessOf(userId);
    if (!holdsAll(actor.permissions, target.permissions)) {
      throw new AppError('FORBIDDEN', 'This account has permissions you do not hold; ask an administrator.');
    }
  }

  /** Refuses to leave the system without an administrator. */
  async assertAnotherAdmin(userId: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const others = await manager
      .getRepository(UserRole)
      .createQueryBuilder('link')
      .innerJoin(RoleRow, 'role', 'role.id = link.role_id')
      .innerJoin('users', 'u', 'u.id = link.user_id')
      .where('role.name = :admin AND link.user_id <> :userId AND u.status = :active', {
        admin: ADMIN_ROLE,
        userId,
        active: 'active',
      })
      .getCount();
    if (others === 0)
      throw new AppError('CONFLICT', 'This is the last active administrator; appoint another first.');
  }

  async list(list: ListRequest): Promise<{ rows: Role[]; total: number }> {
    const query = this.dataSource.getRepository(RoleRow).createQueryBuilder('role');
    const q = typeof list.filter.q === 'string' ? list.filter.q.toLowerCase() : undefined;
    if (q) query.where('LOWER(role.name) LIKE :q OR LOWER(role.description) LIKE :q', { q: `%${q}%` });
    if (Array.isArray(list.filter.id))
      query.andWhere('role.id IN (:...ids)', { ids: list.filter.id.map(Number) });
    const [rows, total] = await query
      .orderBy(`role.${list.sort.field}`, list.sort.order)
      .skip(list.skip)
      .take(list.take)
      .getManyAndCount();
    return { rows: await this.toRoles(rows), total };
  }

  async get(id: number): Promise<Role> {
    return (await this.toRoles([await this.find(id)]))[0]!;
  }

  async create(actor: Actor, input: CreateRole): Promise<Role> {
    this.assertGrantable(actor, input.permissions);
    const repository = this.dataSource.getRepository(RoleRow);
    if (await repository.existsBy({ name: input.name })) {
      throw new AppError('CONFLICT', `A role named "${input.name}" already exists.`);
    }
    const role = await repository.save({
      name: input.name,
      description: input.description,
      permissions: JSON.stringify([...new Set(input.permissions)].sort()),
      builtin: false,
      requireTwoFactor: input.requireTwoFactor,
      createdAt: this.clock.now(),
    });
    await this.record(actor, 'role.created', role, { permissions: input.permissions });
    return this.get(role.id);
  }

  async update(actor: Actor, id: number, input: UpdateRole): Promise<Role> {
    const role = await this.find(id);
    const before = permissionsOf(role);
    if (input.permissions !== undefined) {
      if (role.builtin && role.name === ADMIN_ROLE) {
        throw new AppError('FORBIDDEN', 'The admin role always has every permission.');
      }
      const added = input.permissions.filter((p) => !before.includes(p));
      const removed = before.filter((p) => !input.permissions!.includes(p));
      this.assertGrantable(actor, [...added, ...removed]);
      role.permissions = JSON.stringify([...new Set(input.permissions)].sort());
    }
    if (input.description !== undefined) role.description = input.description;
    if (input.requireTwoFactor !== undefined) role.requireTwoFactor = input.requireTwoFactor;
    await this.dataSource.getRepository(RoleRow).save(role);
    await this.record(actor, 'role.updated', role, {
      permissionsBefore: before,
      permissionsAfter: permissionsOf(role),
      requireTwoFactor: role.requireTwoFactor,
    });
    return this.get(id);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const role = await this.find(id);
    if (role.builtin) throw new AppError('FORBIDDEN', 'Built-in roles cannot be deleted.');
    this.assertGrantable(actor, permissionsOf(role));
    await this.dataSource.getRepository(RoleRow).delete({ id });
    await this.record(actor, 'role.deleted', role, {});
  }

  private assertGrantable(actor: Actor, permissions: Iterable<Permission>): void {
    if (!holdsAll(actor.permissions, permissions)) {
      throw new AppError('FORBIDDEN', 'You can only grant or remove permissions you hold yourself.');
    }
  }

  private async findByNames(names: string[], manager: EntityManager): Promise<RoleRow[]> {
    if (names.length === 0) return [];
    const roles = await manager
      .getRepository(RoleRow)
      .createQueryBuilder('role')
      .where('role.name IN (:...names)', { names })
      .getMany();
    const missing = names.filter((name) => !roles.some((role) => role.name === name));
    if (missing.length > 0) {
      throw new AppError('VALIDATION_FAILED', `Unknown role: ${missing.join(', ')}.`, {
        fields: [{ path: 'roles', message: `unknown role ${missing.join(', ')}` }],
      });
    }
    return roles;
  }

  private async find(id: number): Promise<RoleRow> {
    const role = await this.dataSource.getRepository(RoleRow).findOneBy({ id });
    if (!role) throw new AppError('NOT_FOUND', 'There is no such role.');
    return role;
  }

  private async toRoles(rows: RoleRow[]): Promise<Role[]> {
    const counts = new Map<number, number>();
    if (rows.length > 0) {
      const raw = await this.dataSource
        .getRepository(UserRole)
        .createQueryBuilder('link')
        .select('link.role_id', 'roleId')
        .addSelect('COUNT(*)', 'count')
        .where('link.role_id IN (:...ids)', { ids: rows.map((r) => r.id) })
        .groupBy('link.role_id')
        .getRawMany<{ roleId: number; count: string | number }>();
      for (const row of raw) counts.set(Number(row.roleId), Number(row.count));
    }
    return rows.map((role) => ({
      id: role.id,
      name: role.name,
      description: role.description,
      permissions: permissionsOf(role),
      builtin: role.builtin,
      requireTwoFactor: role.requireTwoFactor,
      userCount: counts.get(role.id) ?? 0,
    }));
  }

  private async record(
    actor: Actor,
    action: string,
    role: RoleRow,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record({
      actor,
      action,
      target: `role:${role.name}`,
      outcome: 'success',
      ip: actor.ip,
      details,
    });
  }
}
