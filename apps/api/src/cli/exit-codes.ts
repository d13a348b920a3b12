import type { ErrorCode } from '@atrio/protocol';
import { AppError } from '../common/app-error.js';
import { StartupError } from '../config/startup-error.js';

/** What `atrio` exits with; scripts and cron rely on these, so they never change meaning. */
export const EXIT = {
  ok: 0,
  /** The operation ran and found a problem: a backup failed verification, the audit chain is broken… */
  failed: 1,
  /** Bad command line or bad input (unknown option, weak password, malformed id). */
  usage: 2,
  /** No such backup, user, role or file. */
  notFound: 3,
  /** Refused: the server is running where it must be stopped, or the change conflicts (last admin…). */
  refused: 4,
  /** The configuration or the database cannot be opened. */
  unavailable: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  the operation failed or found a problem (verification failed, audit chain broken, check failed)
  2  usage error or invalid input
  3  not found (backup, user, role, file)
  4  refused: the server is running on this data dir, or the change conflicts
  5  the configuration or the database cannot be opened`;

/** A refusal decided by the CLI itself, with the exit code it means. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly code: ErrorCode = exitCode === EXIT.notFound ? 'NOT_FOUND' : 'CONFLICT',
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const BY_APP_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  VALIDATION_FAILED: EXIT.usage,
  NOT_FOUND: EXIT.notFound,
  CONFLICT: EXIT.refused,
  FORBIDDEN: EXIT.refused,
};

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof AppError) return BY_APP_CODE[error.code] ?? EXIT.failed;
  if (error instanceof StartupError) return EXIT.unavailable;
  return EXIT.failed;
}

/** The contract's error body, so `--json` callers parse CLI and REST errors alike. */
export function errorBodyOf(error: unknown): { error: { code: string; message: string; details?: unknown } } {
  if (error instanceof CliError || error instanceof AppError) {
    const details = error.details;
    return {
      error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details }) },
    };
  }
  if (error instanceof StartupError) {
    return { error: { code: 'UNAVAILABLE', message: error.message, details: { setting: error.setting } } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: 'INTERNAL', message } };
}
