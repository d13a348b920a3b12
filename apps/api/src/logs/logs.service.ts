import { Inject, Injectable } from '@nestjs/common';
import { type LogEntry, logFilterSchema } from '@atrio/protocol';
import { join } from 'node:path';
import { AppError } from '../common/app-error.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { listLogFiles } from '../maintenance/checks/log-files.js';
import { readLogPage } from './log-reader.js';

/** The server's own log files, read for the console's Logs screen (manual §7.2). */
@Injectable()
export class LogsService {
  constructor(@Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'dataDir'>) {}

  async list(request: ListRequest): Promise<Page<LogEntry>> {
    const filter = logFilterSchema.safeParse(request.filter);
    if (!filter.success) {
      throw new AppError('VALIDATION_FAILED', 'The filter parameter is not valid.', {
        fields: filter.error.issues.map((issue) => ({
          path: `filter.${issue.path.join('.')}`,
          message: issue.message,
        })),
      });
    }
    const files = await listLogFiles(join(this.config.dataDir, 'logs'));
    const page = await readLogPage(files, filter.data, request.skip, request.take);
    return { rows: page.entries, total: page.total };
  }
}
