import { Injectable } from '@nestjs/common';
import { USERS_SORTABLE, type AdminUser } from '@atrio/protocol';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { ListRequest } from '../common/ra-list.js';
import { RolesService } from '../roles/roles.service.js';
import { UserTotp } from '../two-factor/user-totp.entity.js';
import { User } from './user.entity.js';
import { toAdminUser } from './user-views.js';

/** The fields the console may sort users on (protocol's `users` resource). */
export const USER_SORTABLE = USERS_SORTABLE;

/** The read side of the `users` resource. */
@Injectable()
export class UserDirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: RolesService,
    private readonly clock: Clock,
  ) {}

  async list(list: ListRequest): Promise<{ rows: AdminUser[]; total: number }> {
    const query = this.dataSource.getRepository(User).createQueryBuilder('u');
    this.applyFilter(query, list.filter);
    const [users, total] = await query
      .orderBy(`u.${list.sort.field}`, list.sort.order)
      .addOrderBy('u.id', 'ASC')
      .skip(list.skip)
      .take(list.take)
      .getManyAndCount();
    return { rows: await this.toAdminUsers(users), total };
  }

  async get(id: number): Promise<AdminUser> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new AppError('NOT_FOUND', 'There is no such user.');
    return (await this.toAdminUsers([user]))[0]!;
  }

  private applyFilter(query: SelectQueryBuilder<User>, filter: Record<string, unknown>): void {
    if (typeof filter.q === 'string' && filter.q.trim() !== '') {
      const q = `%${filter.q.trim().toLowerCase()}%`;
      query.andWhere(
        new Brackets((w) =>
          w.where('LOWER(u.username) LIKE :q', { q }).orWhere('LOWER(u.display_name) LIKE :q', { q }),
        ),
      );
    }
    if (Array.isArray(filter.id)) query.andWhere('u.id IN (:...ids)', { ids: filter.id.map(Number) });
    const now = this.clock.now().getTime();
    switch (filter.status) {
      case 'disabled':
        query.andWhere("u.status = 'disabled'");
        break;
      case 'locked':
        query.andWhere("u.status = 'active' AND u.locked_until > :now", { now });
        break;
      case 'active':
        query.andWhere("u.status = 'active' AND (u.locked_until IS NULL OR u.locked_until <= :now)", { now });
        break;
      default:
        break;
    }
    if (typeof filter.role === 'string') {
      query.andWhere(
        'u.id IN (SELECT link.user_id FROM user_roles link JOIN roles r ON r.id = link.role_id WHERE r.name = :role)',
        { role: filter.role },
      );
    }
  }

  private async toAdminUsers(users: User[]): Promise<AdminUser[]> {
    const ids = users.map((u) => u.id);
    const roles = await this.roles.rolesOfUsers(ids);
    const enrolled =
      ids.length === 0
        ? []
        : await this.dataSource.getRepository(UserTotp).find({ where: { userId: In(ids), enabled: true } });
    const withTwoFactor = new Set(enrolled.map((row) => row.userId));
    const now = this.clock.now();
    return users.map((u) => toAdminUser(u, roles.get(u.id) ?? [], withTwoFactor.has(u.id), now));
  }
}
