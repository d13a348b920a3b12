import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { CliOutput } from './cli-io.js';

/**
 * Warnings and errors of the services, one readable line each on stderr. The server's rotating
 * log files are left to the server: two processes rotating the same files would clash.
 */
export function createCliLogger(stderr: CliOutput): Logger {
  const stream = pretty({
    destination: stderr as NodeJS.WritableStream,
    sync: true,
    colorize: stderr.isTTY === true,
    singleLine: true,
    translateTime: 'SYS:standard',
    ignore: 'pid,hostname',
  });
  return pino({ level: 'warn', base: { pid: process.pid } }, stream);
}
