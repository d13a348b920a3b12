import { Injectable } from '@nestjs/common';
import { DatabaseMaintenanceService, describeOptimization } from '../database-maintenance.service.js';
import type { CheckContext, CheckResult, RoutineCheck } from './routine-check.js';

/** §8.2 "Optimización de base de datos". */
@Injectable()
export class DatabaseOptimizeCheck implements RoutineCheck {
  readonly id = 'database.optimize';

  constructor(private readonly database: DatabaseMaintenanceService) {}

  async run({ actor }: CheckContext): Promise<CheckResult> {
    const result = await this.database.optimize(actor);
    return {
      status: result.ok ? 'ok' : 'failed',
      message: result.ok
        ? describeOptimization(result)
        : { en: result.message, es: `La optimización de la base de datos se detuvo: ${result.message}` },
      figures: {
        databaseKind: result.databaseKind,
        vacuumed: result.vacuumed,
        sizeBeforeBytes: result.sizeBeforeBytes,
        sizeAfterBytes: result.sizeAfterBytes,
        durationMs: result.durationMs,
      },
    };
  }
}

/** §4.2 "Verificación de integridad". */
@Injectable()
export class DatabaseIntegrityCheck implements RoutineCheck {
  readonly id = 'database.integrity';

  constructor(private readonly database: DatabaseMaintenanceService) {}

  async run(): Promise<CheckResult> {
    const result = await this.database.check();
    const figures = {
      databaseKind: result.databaseKind,
      schemaVersion: result.schemaVersion,
      sizeBytes: result.sizeBytes,
      freeBytes: result.freeBytes,
      problems: result.problems.length,
    };
    const problems = result.problems.slice(0, 5).join('; ');
    return result.ok
      ? {
          status: 'ok',
          message: {
            en: 'The database passes its integrity checks.',
            es: 'La base de datos supera sus comprobaciones de integridad.',
          },
          figures,
        }
      : {
          status: 'failed',
          message: {
            en: `The database has problems: ${problems}. Restore the last verified backup if they persist.`,
            es: `La base de datos tiene problemas: ${problems}. Si persisten, restaurar el último backup verificado.`,
          },
          figures,
        };
  }
}
