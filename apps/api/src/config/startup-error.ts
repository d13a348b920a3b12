/**
 * A reason the server cannot start, named after the setting the administrator must fix.
 * main.ts prints it as one line and exits non-zero; it never carries a stack trace to the console.
 */
export class StartupError extends Error {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`${setting}: ${problem}`);
    this.name = 'StartupError';
  }
}

/** Exit code for "the configuration is wrong" (sysexits EX_CONFIG), so scripts can tell it apart. */
export const EXIT_CONFIG = 78;
