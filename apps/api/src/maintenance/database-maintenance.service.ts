import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseCheckResult, DatabaseOptimizeResult, LocalizedText } from '@atrio/protocol';
import { Mutex } from 'async-mutex';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { MIGRATIONS } from '../database/migrations/index.js';
import { esDecimal } from './checks/routine-check.js';
import {
  postgresProblems,
  postgresSize,
  schemaVersion,
  sqliteProblems,
  sqliteSpace,
  tableCounts,
} from './database-queries.js';

export type Progress = (done: number, total: number, label: string) => void;

/** §4.2 "Optimización periódica" and "Verificación de integridad", on SQLite and PostgreSQL. */
@Injectable()
export class DatabaseMaintenanceService {
  /** VACUUM rewrites the file: never two optimisations at once. */
  private readonly lock = new Mutex();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'databaseKind'>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Integrity (SQLite) or index validity (PostgreSQL), and the schema matching this build. */
  async check(): Promise<DatabaseCheckResult> {
    const sqlite = this.config.databaseKind === 'sqlite';
    const problems = sqlite ? await sqliteProblems(this.dataSource) : await postgresProblems(this.dataSource);
    const version = await schemaVersion(this.dataSource);
    const expected = new (MIGRATIONS.at(-1)!)().name;
    if (version !== expected) {
      problems.push(`schema is at ${version}, this build expects ${expected}`);
    }
    const space = sqlite ? await sqliteSpace(this.dataSource) : null;
    return {
      ok: problems.length === 0,
      databaseKind: this.config.databaseKind,
      checkedAt: this.clock.now().toISOString(),
      problems,
      schemaVersion: version,
      sizeBytes: space?.sizeBytes ?? (await postgresSize(this.dataSource)),
      freeBytes: space?.freeBytes ?? null,
      counts: await tableCounts(this.dataSource),
    };
  }

  /**
   * SQLite: `PRAGMA optimize`, `ANALYZE`, `VACUUM` when enough pages are free, then a WAL
   * checkpoint. PostgreSQL: `VACUUM (ANALYZE)`. Reports the size before and after; audited.
   */
  optimize(actor: Actor | null, onProgress?: Progress): Promise<DatabaseOptimizeResult> {
    return this.lock.runExclusive(async () => {
      const started = performance.now();
      const sqlite = this.config.databaseKind === 'sqlite';
      const before = sqlite ? await sqliteSpace(this.dataSource) : null;
      const sizeBeforeBytes = before?.sizeBytes ?? (await postgresSize(this.dataSource));
      const statements = sqlite
        ? [
            'PRAGMA optimize',
            'ANALYZE',
            ...(before!.worthVacuum ? ['VACUUM'] : []),
            'PRAGMA wal_checkpoint(TRUNCATE)',
          ]
        : ['VACUUM (ANALYZE)'];
      const steps: DatabaseOptimizeResult['steps'] = [];
      let failure: string | null = null;
      for (const statement of statements) {
        onProgress?.(steps.length, statements.length, statement);
        const stepStarted = performance.now();
        try {
          await this.dataSource.query(statement);
        } catch (error) {
          failure = `${statement} failed: ${error instanceof Error ? error.message : String(error)}`;
          break;
        }
        steps.push({ statement, durationMs: Math.round(performance.now() - stepStarted) });
      }
      onProgress?.(steps.length, statements.length, failure ? 'failed' : 'done');
      const sizeAfterBytes = sqlite
        ? (await sqliteSpace(this.dataSource)).sizeBytes
        : await postgresSize(this.dataSource);
      const vacuumed = steps.some((step) => step.statement.startsWith('VACUUM'));
      const databaseKind = this.config.databaseKind;
      const result: DatabaseOptimizeResult = {
        ok: failure === null,
        databaseKind,
        steps,
        vacuumed,
        sizeBeforeBytes,
        sizeAfterBytes,
        durationMs: Math.round(performance.now() - started),
        message:
          failure ?? describeOptimization({ sizeBeforeBytes, sizeAfterBytes, vacuumed, databaseKind }).en,
      };
      await this.audit.record({
        actor,
        action: 'database.optimized',
        target: 'database',
        outcome: result.ok ? 'success' : 'failure',
        details: {
          statements: steps.map((s) => s.statement),
          sizeBeforeBytes,
          sizeAfterBytes,
          ...(failure ? { reason: failure } : {}),
        },
      });
      return result;
    });
  }
}

/** What a successful optimisation did, in both languages (the routine's check shows the Spanish). */
export function describeOptimization(
  result: Pick<DatabaseOptimizeResult, 'sizeBeforeBytes' | 'sizeAfterBytes' | 'vacuumed' | 'databaseKind'>,
): LocalizedText {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const [before, after] = [mb(result.sizeBeforeBytes), mb(result.sizeAfterBytes)];
  const size = {
    en: `size ${before} MB → ${after} MB`,
    es: `tamaño ${esDecimal(before)} MB → ${esDecimal(after)} MB`,
  };
  if (result.databaseKind !== 'sqlite') {
    return { en: `VACUUM (ANALYZE) done; ${size.en}.`, es: `VACUUM (ANALYZE) completado; ${size.es}.` };
  }
  return result.vacuumed
    ? {
        en: `Statistics refreshed and the file compacted with VACUUM; ${size.en}.`,
        es: `Estadísticas actualizadas y archivo compactado con VACUUM; ${size.es}.`,
      }
    : {
        en: `Statistics refreshed; too little free space for a VACUUM to be worth it; ${size.en}.`,
        es: `Estadísticas actualizadas; hay demasiado poco espacio libre para que compense un VACUUM; ${size.es}.`,
      };
}
