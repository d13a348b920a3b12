import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServerSecret } from './server-secret.entity.js';

/** Installation-wide random secrets, created on first use; kept in the database so every instance agrees. */
@Injectable()
export class ServerSecretsService {
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(private readonly dataSource: DataSource) {}

  get(name: string): Promise<Buffer> {
    let secret = this.cache.get(name);
    if (!secret) {
      secret = this.load(name);
      this.cache.set(name, secret);
      secret.catch(() => this.cache.delete(name));
    }
    return secret;
  }

  private async load(name: string): Promise<Buffer> {
    const repository = this.dataSource.getRepository(ServerSecret);
    const existing = await repository.findOneBy({ name });
    if (existing) return Buffer.from(existing.value, 'base64');
    const value = randomBytes(32).toString('base64');
    // Another instance may create it at the same moment: insert-or-ignore, then read what won.
    await repository
      .createQueryBuilder()
      .insert()
      .values({ name, value, createdAt: new Date() })
      .orIgnore()
      .execute();
    const stored = await repository.findOneByOrFail({ name });
    return Buffer.from(stored.value, 'base64');
  }
}
