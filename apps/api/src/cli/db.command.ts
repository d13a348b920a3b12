import { DatabaseMaintenanceService } from '../maintenance/database-maintenance.service.js';
import type { Register } from './command-kit.js';
import { EXIT } from './exit-codes.js';
import { bytes, fields } from './output.js';

export const registerDbCommands: Register = (program, act) => {
  const db = program.command('db').description('database integrity and optimisation');

  db.command('check')
    .description('integrity check and schema version; exit 1 when a problem is found')
    .action(
      act(async (run) => {
        const result = await (await run.get(DatabaseMaintenanceService)).check();
        const summary = fields([
          ['database', result.databaseKind],
          ['schema', result.schemaVersion],
          ['size', bytes(result.sizeBytes)],
          ['reclaimable', result.freeBytes === null ? null : bytes(result.freeBytes)],
          [
            'rows',
            `${result.counts.users} users, ${result.counts.rooms} rooms, ${result.counts.messages} messages`,
          ],
        ]);
        const verdict = result.ok
          ? 'Database OK.\n'
          : `Database has problems:\n${result.problems.map((p) => `  - ${p}\n`).join('')}`;
        return { data: result, text: `${verdict}${summary}`, exitCode: result.ok ? EXIT.ok : EXIT.failed };
      }),
    );

  db.command('optimize')
    .description('PRAGMA optimize, ANALYZE, VACUUM when worth it (VACUUM (ANALYZE) on PostgreSQL)')
    .action(
      act(async (run) => {
        const progress = run.progress('optimising');
        const result = await (
          await run.get(DatabaseMaintenanceService)
        )
          .optimize(null, (done, total, label) => progress.update(done, total, label))
          .finally(() => progress.stop());
        const steps = result.steps.map((s) => `  ${s.statement} (${s.durationMs} ms)\n`).join('');
        return {
          data: result,
          text: `${result.message}\n${steps}`,
          exitCode: result.ok ? EXIT.ok : EXIT.failed,
        };
      }),
    );
};
