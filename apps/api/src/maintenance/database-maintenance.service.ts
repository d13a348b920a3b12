import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseCheckResult, DatabaseOptimizeResult } from '@atrio/protocol';
import { Mutex } from 'async-mutex';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { MIGRATIONS } from '../database/migrations/index.js';
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
      const result: DatabaseOptimizeResult = {
        ok: failure === null,
        databaseKind: this.config.databaseKind,
        steps,
        vacuumed,
        sizeBeforeBytes,
        sizeAfterBytes,
        durationMs: Math.round(performance.now() - started),
        message: failure ?? describe(sizeBeforeBytes, sizeAfterBytes, vacuumed, sqlite),
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

function describe(before: number, after: number, vacuumed: boolean, sqlite: boolean): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const size = `size ${mb(before)} → ${mb(after)}`;
  if (!sqlite) return `VACUUM (ANALYZE) done; ${size}.`;
  return vacuumed
    ? `Statistics refreshed and the file compacted with VACUUM; ${size}.`
    : `Statistics refreshed; too little free space for a VACUUM to be worth it; ${size}.`;
}
