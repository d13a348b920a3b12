import { Command, CommanderError } from 'commander';
import { userInfo } from 'node:os';
import { withAuditOrigin } from '../audit/audit-origin.js';
import { APP_VERSION } from '../config/app-version.js';
import { registerAuditCommands } from './audit.command.js';
import { registerBackupCommands } from './backup.command.js';
import { registerCertCommands } from './cert.command.js';
import type { CliIo } from './cli-io.js';
import { CliRun } from './cli-run.js';
import type { Act, Register } from './command-kit.js';
import { registerDbCommands } from './db.command.js';
import { errorBodyOf, EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit-codes.js';
import { registerKeysCommands } from './keys.command.js';
import { registerRoleCommands } from './role.command.js';
import { registerRoutineCommands } from './routine.command.js';
import { registerUserCommands } from './user.command.js';

const COMMANDS: Register[] = [
  registerBackupCommands,
  registerUserCommands,
  registerRoleCommands,
  registerCertCommands,
  registerRoutineCommands,
  registerAuditCommands,
  registerDbCommands,
  registerKeysCommands,
];

const EXAMPLES = `
Examples:
  atrio backup create --json          take a backup now, print its manifest
  atrio backup verify 20261129-023000-ab12
  atrio user create ana --display-name "Ana Ruiz" --role admin
  echo "$PASSWORD" | atrio user create ana --password-stdin
  atrio audit export --from 2026-11-01 --out audit-november.csv

The CLI reads the same settings as the server (ATRIO_* variables, atrio.config.json) and works on
the same data dir and database. Its actions are audited as the system, noting the CLI and the OS user.`;

/** Runs one command line and returns the exit code; `bin/atrio.mjs` and the tests both call it. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const state = { exitCode: EXIT.ok as number };
  const program = buildProgram(io, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return EXIT.ok; // --help, --version
    if (argv.includes('--json')) {
      io.stdout.write(
        `${JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: error.message } })}\n`,
      );
    }
    return EXIT.usage;
  }
  return state.exitCode;
}

function buildProgram(io: CliIo, state: { exitCode: number }): Command {
  const program = new Command('atrio')
    .description('Atrio administration: backups, users, roles, certificates, routines, audit, database, keys')
    .version(APP_VERSION)
    .option('--json', 'print one JSON document on stdout (and nothing else there)')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .addHelpText('after', `${EXAMPLES}\n${EXIT_CODES_HELP}\n`);
  const act: Act =
    (handler) =>
    async (...args) => {
      const command = args.at(-1) as Command;
      const run = new CliRun(io, command.optsWithGlobals().json === true);
      const origin = { via: 'cli', osUser: osUser(io.env), command: commandPath(command) };
      try {
        const outcome = await withAuditOrigin(origin, () => handler(run, ...args.slice(0, -1)));
        io.stdout.write(run.json ? `${JSON.stringify(outcome.data, null, 2)}\n` : outcome.text);
        state.exitCode = outcome.exitCode ?? EXIT.ok;
      } catch (error) {
        state.exitCode = exitCodeOf(error);
        report(io, run.json, error);
      } finally {
        await run.close().catch((error: unknown) => report(io, false, error));
      }
    };
  for (const register of COMMANDS) register(program, act);
  return program;
}

function report(io: CliIo, json: boolean, error: unknown): void {
  const body = errorBodyOf(error);
  if (json) io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  const fields = (body.error.details as { fields?: Array<{ path: string; message: string }> } | undefined)
    ?.fields;
  const lines = [`atrio: ${body.error.message}`, ...(fields ?? []).map((f) => `  ${f.path}: ${f.message}`)];
  if (body.error.code === 'INTERNAL' && error instanceof Error && error.stack) lines.push(error.stack);
  io.stderr.write(`${lines.join('\n')}\n`);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Who ran the command, for the audit trail; sudo keeps the name of the person behind it. */
function osUser(env: NodeJS.ProcessEnv): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
  return env.SUDO_USER && env.SUDO_USER !== name ? `${name} (sudo by ${env.SUDO_USER})` : name;
}
