import { Inject, Injectable } from '@nestjs/common';
import { type ListQuery, logFilterSchema } from '@atrio/protocol';
import { join } from 'node:path';
import { AppError } from '../common/app-error.js';
import { parseListQuery, type ListRequest } from '../common/ra-list.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { listLogFiles } from '../maintenance/checks/log-files.js';
import { readLogPage, type LogPage } from './log-reader.js';

/** The server's own log files, read for the console's Logs screen (manual §7.2). */
@Injectable()
export class LogsService {
  constructor(@Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'dataDir'>) {}

  async list(query: ListQuery): Promise<LogPage & { request: ListRequest }> {
    const request = parseListQuery(query, ['id'], 'id');
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
    return { ...(await readLogPage(files, filter.data, request.skip, request.take)), request };
  }
}
