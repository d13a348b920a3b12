import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export type CliOutput = Writable & { isTTY?: boolean; columns?: number };
export type CliInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Everything the CLI touches of its process, so tests run it in-process with their own streams. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: CliInput;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * A file named on the command line, from where the operator typed it: `npm run` moves to the
 * install folder (where the settings are read, as for `npm start`) and keeps the original folder
 * in INIT_CWD; bin/atrio.mjs does the same.
 */
export function operatorPath(io: CliIo, file: string): string {
  return resolve(io.env.INIT_CWD ?? io.cwd, file);
}
