import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AuditService } from '../audit/audit.service.js';
import { operatorPath } from './cli-io.js';
import type { Register } from './command-kit.js';
import { CliError, EXIT } from './exit-codes.js';
import { fields } from './output.js';

interface ExportOptions {
  out?: string;
  from?: string;
  to?: string;
  action?: string;
  actor?: string;
  outcome?: string;
  target?: string;
  search?: string;
}

export const registerAuditCommands: Register = (program, act) => {
  const audit = program.command('audit').description('check and export the hash-chained audit trail');

  audit
    .command('verify')
    .description('recompute the whole chain; exit 1 when an entry was altered, removed or reordered')
    .action(
      act(async (run) => {
        const result = await (await run.get(AuditService)).verifyFor(null);
        const text = result.ok
          ? `Audit chain intact: ${result.checked} entries checked.\n${fields([['head hash', result.headHash]])}`
          : `Audit chain BROKEN at entry ${result.firstBrokenId} (${result.reason}): ${result.message}\n` +
            `${result.checked} entries before it are intact.\n`;
        return { data: result, text, exitCode: result.ok ? EXIT.ok : EXIT.failed };
      }),
    );

  audit
    .command('export')
    .description('the trail as CSV, oldest first (to stdout, or to a file with --out)')
    .option('--out <file>', 'write the CSV to this file (required with --json)')
    .option('--from <date>', 'from this day or instant (ISO 8601)')
    .option('--to <date>', 'up to this day (inclusive) or instant')
    .option('--action <prefix>', 'actions starting with this, e.g. "auth." or "backup.restored"')
    .option('--actor <name>', 'part of the actor name')
    .option('--outcome <outcome>', 'success or failure')
    .option('--target <target>', 'exact target, e.g. user:12')
    .option('--search <text>', 'part of the action, target or actor name')
    .action(
      act(async (run, options: ExportOptions) => {
        if (run.json && options.out === undefined) {
          throw new CliError(EXIT.usage, 'With --json, name the CSV file with --out.', 'VALIDATION_FAILED');
        }
        const { out, search, ...rest } = options;
        const filter = JSON.stringify({ ...rest, q: search });
        const pages = await (await run.get(AuditService)).exportCsv(null, { filter });
        let rows = -1; // the header line
        let size = 0;
        const counted = Readable.from(pages).map((chunk: string) => {
          rows += chunk.split('\r\n').length - 1; // every line ends with CRLF; values never hold one
          size += Buffer.byteLength(chunk);
          return chunk;
        });
        if (out === undefined) {
          await pipeline(counted, run.io.stdout, { end: false });
          return { data: null, text: '' };
        }
        const path = operatorPath(run.io, out);
        await pipeline(counted, createWriteStream(path, { mode: 0o600 }));
        return {
          data: { out: path, rows, bytes: size, filter: JSON.parse(filter) as unknown },
          text: `Exported ${rows} audit entries to ${path}.\n`,
        };
      }),
    );
};
