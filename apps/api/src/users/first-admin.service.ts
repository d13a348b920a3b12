import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { ADMIN_ROLE } from '../roles/access.js';
import { RoleRow } from '../roles/role.entity.js';
import { UserRole } from '../roles/user-role.entity.js';
import { hashPassword } from '../auth/passwords/password-hasher.js';
import { User } from './user.entity.js';

export interface FirstAdminResult {
  created: boolean;
  /** Set only when the password was generated; shown once in the banner and never stored in clear. */
  generatedPassword?: string;
}

export const FIRST_ADMIN_USERNAME = 'admin';

@Injectable()
export class FirstAdminService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATRIO_CONFIG) private readonly config: AtrioConfig,
  ) {}

  /** Creates user `admin` when the database has no users yet (CONTRACT.md, ATRIO_ADMIN_PASSWORD). */
  async ensure(now = new Date()): Promise<FirstAdminResult> {
    const users = this.dataSource.getRepository(User);
    if ((await users.count()) > 0) return { created: false };
    const chosen = this.config.adminPassword;
    const password = chosen !== '' ? chosen : randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const { id } = await manager.getRepository(User).save({
        username: FIRST_ADMIN_USERNAME,
        displayName: 'Administrator',
        passwordHash,
        status: 'active' as const,
        mustChangePassword: chosen === '',
        createdAt: now,
      });
      const admin = await manager.getRepository(RoleRow).findOneByOrFail({ name: ADMIN_ROLE, builtin: true });
      await manager.getRepository(UserRole).insert({ userId: id, roleId: admin.id });
    });
    return chosen === '' ? { created: true, generatedPassword: password } : { created: true };
  }
}
