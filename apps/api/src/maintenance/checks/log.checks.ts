import { Inject, Injectable } from '@nestjs/common';
import type { LocalizedText } from '@atrio/protocol';
import { join } from 'node:path';
import { AuditService } from '../../audit/audit.service.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import { SettingsService } from '../../settings/settings.service.js';
import { MAINTENANCE_LOGS } from '../maintenance-settings.js';
import { cleanupLogs, countErrorsSince, listLogFiles } from './log-files.js';
import { type CheckContext, type CheckResult, esDecimal, MB, type RoutineCheck } from './routine-check.js';

type LogConfig = Pick<AtrioConfig, 'dataDir'>;

const logsDir = (config: LogConfig) => join(config.dataDir, 'logs');

/** §8.1 "Revisar logs de errores": errors warn, fatal entries fail. */
@Injectable()
export class LogErrorsCheck implements RoutineCheck {
  readonly id = 'logs.errors';

  constructor(@Inject(ATRIO_CONFIG) private readonly config: LogConfig) {}

  async run({ since }: CheckContext): Promise<CheckResult> {
    const count = await countErrorsSince(await listLogFiles(logsDir(this.config)), since);
    const figures = { ...count, since: since.toISOString() };
    if (count.errors === 0 && count.fatal === 0) {
      return {
        status: 'ok',
        message: {
          en: 'No errors in the logs since the previous run.',
          es: 'No hay errores en los logs desde la ejecución anterior.',
        },
        figures,
      };
    }
    const latest = count.latest ? ` The latest: "${count.latest}".` : '';
    const latestEs = count.latest ? ` El más reciente: «${count.latest}».` : '';
    const errorsEs = count.errors === 1 ? '1 error' : `${count.errors} errores`;
    const fatalEs = count.fatal === 1 ? '1 fallo grave' : `${count.fatal} fallos graves`;
    return {
      status: count.fatal > 0 ? 'failed' : 'warning',
      message: {
        en: `${count.errors} error(s) and ${count.fatal} fatal entr${count.fatal === 1 ? 'y' : 'ies'} in the logs since the previous run.${latest} Read ${logsDir(this.config)}.`,
        es: `${errorsEs} y ${fatalEs} en los logs desde la ejecución anterior.${latestEs} Revisar ${logsDir(this.config)}.`,
      },
      figures,
    };
  }
}

/** §8.2 "Limpieza de logs antiguos", by age and total size (setting maintenance.logs). */
@Injectable()
export class LogCleanupCheck implements RoutineCheck {
  readonly id = 'logs.cleanup';

  constructor(
    @Inject(ATRIO_CONFIG) private readonly config: LogConfig,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  async run({ actor, now }: CheckContext): Promise<CheckResult> {
    const policy = await this.settings.get(MAINTENANCE_LOGS);
    const files = await listLogFiles(logsDir(this.config));
    const result = await cleanupLogs(
      files,
      { maxAgeDays: policy.maxAgeDays, maxTotalBytes: policy.maxTotalMb * MB },
      now,
    );
    const freedBytes = result.deleted.reduce((sum, f) => sum + f.size, 0);
    if (result.deleted.length > 0) {
      await this.audit.record({
        actor,
        action: 'maintenance.logs_cleaned',
        target: 'logs',
        outcome: 'success',
        details: { deleted: result.deleted.map((f) => `${f.name} (${f.reason})`), freedBytes },
      });
    }
    const figures = {
      deletedFiles: result.deleted.length,
      freedBytes,
      remainingFiles: result.remainingFiles,
      remainingBytes: result.remainingBytes,
      maxAgeDays: policy.maxAgeDays,
      maxTotalMb: policy.maxTotalMb,
    };
    const overCap = result.remainingBytes > policy.maxTotalMb * MB;
    const freedMb = (freedBytes / MB).toFixed(1);
    const deleted = result.deleted.length;
    const summary: LocalizedText =
      deleted === 0
        ? {
            en: 'No log file was old enough or over the size cap.',
            es: 'Ningún archivo de log era lo bastante antiguo ni superaba el tamaño máximo.',
          }
        : {
            en: `Deleted ${deleted} old log file(s), ${freedMb} MB.`,
            es: `${deleted === 1 ? 'Se borró 1 archivo de log antiguo' : `Se borraron ${deleted} archivos de log antiguos`}, ${esDecimal(freedMb)} MB.`,
          };
    return overCap
      ? {
          status: 'warning',
          message: {
            en: `${summary.en} The active log file alone is over the ${policy.maxTotalMb} MB cap.`,
            es: `${summary.es} El archivo de log activo supera por sí solo el máximo de ${policy.maxTotalMb} MB.`,
          },
          figures,
        }
      : { status: 'ok', message: summary, figures };
  }
}
