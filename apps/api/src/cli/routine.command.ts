import { ROUTINE_KINDS, type RoutineKind } from '@atrio/protocol';
import { Argument } from 'commander';
import { RoutinesService } from '../maintenance/routines.service.js';
import type { Register } from './command-kit.js';
import { EXIT } from './exit-codes.js';
import { table } from './output.js';

export const registerRoutineCommands: Register = (program, act) => {
  const routine = program.command('routine').description("the manual's maintenance routines (§8)");

  routine
    .command('run')
    .description('run every automatic check of a routine now and store the run; exit 1 when a check fails')
    .addArgument(new Argument('<kind>', 'which routine').choices(ROUTINE_KINDS))
    .action(
      act(async (run, kind: RoutineKind) => {
        const progress = run.progress(`${kind} routine`);
        const result = await (
          await run.get(RoutinesService)
        )
          .run(null, kind, 'cli', (done, total, label) => progress.update(done, total, label))
          .finally(() => progress.stop());
        const rows = result.items.map((item) => [item.status, item.title.en, item.message ?? '']);
        const pending =
          result.pendingManualItems > 0
            ? `${result.pendingManualItems} manual item(s) wait to be ticked in the console.\n`
            : '';
        return {
          data: result,
          text: `${kind} routine, run ${result.id}: ${result.status}\n${table(['STATUS', 'ITEM', 'RESULT'], rows)}${pending}`,
          exitCode: result.checksStatus === 'failed' ? EXIT.failed : EXIT.ok,
        };
      }),
    );
};
