import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import pinoRoll from 'pino-roll';

export interface LoggerOptions {
  dataDir: string;
  level: string;
}

export interface AtrioLogger {
  logger: Logger;
  /**
   * Starts copying log lines to stdout. Until then they only go to the file, so a refused start
   * shows the administrator one clear line instead of Nest's and pino's error dumps.
   */
  echoToConsole(): void;
  close(): Promise<void>;
}

/** Never written anywhere, even when a caller logs a whole request or body by mistake. */
const REDACT = [
  'password',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.totp',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * Structured JSON logs to rotating files in <dataDir>/logs (daily or at 10 MB, 14 files kept),
 * plus a readable one-line copy on stdout once the server is up.
 */
export async function createLogger(options: LoggerOptions): Promise<AtrioLogger> {
  const file = await pinoRoll({
    file: join(options.dataDir, 'logs', 'atrio'),
    extension: '.log',
    frequency: 'daily',
    size: '10m',
    limit: { count: 14 },
    mkdir: true,
    symlink: true,
  });
  const console = pretty({
    destination: 1,
    sync: true,
    colorize: process.stdout.isTTY,
    singleLine: true,
    translateTime: 'SYS:standard',
  });
  let echo = false;
  const gatedConsole = { write: (line: string) => (echo ? console.write(line) : true) };
  const logger = pino(
    { level: options.level, base: { pid: process.pid }, redact: { paths: REDACT, censor: '[redacted]' } },
    pino.multistream([
      { stream: file, level: options.level as pino.Level },
      { stream: gatedConsole, level: options.level as pino.Level },
    ]),
  );
  return {
    logger,
    echoToConsole: () => {
      echo = true;
    },
    close: () =>
      new Promise((resolve) => {
        file.flush(() => {
          file.once('close', () => resolve());
          file.end();
        });
      }),
  };
}
