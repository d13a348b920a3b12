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

const LOG_BUFFER_BYTES = 8 * 1024 * 1024;
const LOG_CLOSE_TIMEOUT_MS = 2_000;

/**
 * A log file that cannot be written (full disk, removed folder) must never stop the server: the
 * stream keeps the unwritten lines and tries again with the next line, so logging resumes by itself
 * once space returns. The administrator learns of it once on stderr (the health route and /metrics
 * report the full disk itself).
 */
function watchWriteErrors(file: NodeJS.EventEmitter): void {
  let failing = false;
  let dropped = 0;
  file.on('error', (error: NodeJS.ErrnoException) => {
    if (failing) return;
    failing = true;
    process.stderr.write(`atrio: cannot write the log file (${error.code ?? error.message}); retrying\n`);
  });
  file.on('drop', () => dropped++);
  file.on('write', () => {
    if (!failing) return;
    failing = false;
    process.stderr.write(`atrio: writing the log file again (${dropped} lines were dropped meanwhile)\n`);
    dropped = 0;
  });
}

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
    // While the disk is full, lines wait in memory up to this much, then the newest are dropped.
    maxLength: LOG_BUFFER_BYTES,
  });
  watchWriteErrors(file);
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
    // Bounded: on a full disk the last lines can never be flushed, and a stop must still end.
    close: () =>
      new Promise((resolve) => {
        const giveUp = setTimeout(() => {
          file.destroy();
          resolve();
        }, LOG_CLOSE_TIMEOUT_MS);
        file.flush(() => {
          file.once('close', () => {
            clearTimeout(giveUp);
            resolve();
          });
          file.end();
        });
      }),
  };
}
