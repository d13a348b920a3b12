import { Inject, Injectable } from '@nestjs/common';
import type { Health } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { AppError } from '../common/app-error.js';
import { diskFullError, diskSpace } from '../common/disk-full.js';
import { APP_VERSION } from '../config/app-version.js';

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATRIO_CONFIG) private readonly config: AtrioConfig,
  ) {}

  /** "ok" means logins can be served: the database answers a query and the disk has room. */
  async check(): Promise<Health> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new AppError('UNAVAILABLE', 'The database is not answering.');
    }
    // Logins write (a session, the last-login time): with no room on disk they cannot be served.
    const disk = await diskSpace(this.config.dataDir);
    if (disk.full) {
      const error = diskFullError();
      throw new AppError(error.code, error.message, { diskFreeBytes: disk.freeBytes }, error.headers);
    }
    return {
      status: 'ok',
      version: APP_VERSION,
      uptimeSeconds: Math.round(process.uptime()),
      database: this.config.databaseKind,
      diskFreeBytes: disk.freeBytes,
    };
  }
}
