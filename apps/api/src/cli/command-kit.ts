import type { Command } from 'commander';
import type { CliRun } from './cli-run.js';
import type { ExitCode } from './exit-codes.js';

/** What a command produced: `data` is printed with --json, `text` otherwise. */
export interface Outcome {
  data: unknown;
  text: string;
  /** Defaults to 0; 1 when the operation ran but found a problem. */
  exitCode?: ExitCode;
}

/** A command's body: positional arguments, then commander's options object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander hands positionals as any
export type Handler = (run: CliRun, ...args: any[]) => Promise<Outcome>;

/** Wraps a handler into a commander action: opens the run, audits, prints, sets the exit code. */
export type Act = (handler: Handler) => (...args: unknown[]) => Promise<void>;

export type Register = (program: Command, act: Act) => void;
