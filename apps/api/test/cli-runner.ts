import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { installedKeyRing, installKeyRing } from '../src/encryption/field-cipher.js';
import { KEY_RING_FILE } from '../src/encryption/key-ring.js';
import { main } from '../src/cli/program.js';
import type { CliInput, CliIo } from '../src/cli/cli-io.js';
import type { TestServer } from './harness.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON document `--json` promises (fails the test otherwise). */
  json<T = Record<string, unknown>>(): T;
}

export interface CliOptions {
  /** ATRIO_* settings, exactly; nothing leaks in from the test process. */
  env: Record<string, string>;
  cwd: string;
  /** Piped standard input (not a terminal). */
  stdin?: string | CliInput;
}

/** Runs `atrio <argv>` in this process with its own streams, as a shell would, and collects the output. */
export async function runCli(argv: string[], options: CliOptions): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const stdin = typeof options.stdin === 'object' ? options.stdin : Readable.from([options.stdin ?? '']);
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    env: options.env,
    cwd: options.cwd,
  };
  // In production the CLI is a process of its own. Here it shares the module-level key ring with
  // the test server, and closing its Nest context uninstalls that ring: put the server's back.
  const ringFile = options.env.ATRIO_DATA_DIR ? join(options.env.ATRIO_DATA_DIR, KEY_RING_FILE) : '';
  const serverRing = installedKeyRing(ringFile);
  const code = await main(argv, io);
  if (serverRing && !installedKeyRing(ringFile)) installKeyRing(serverRing);
  return {
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    json<T>() {
      try {
        return JSON.parse(stdout.text()) as T;
      } catch {
        throw new Error(
          `stdout is not one JSON document (exit ${code}):\n${stdout.text()}\n${stderr.text()}`,
        );
      }
    },
  };
}

/** The CLI's settings for the data and certificate dirs of a test server. */
export function cliEnvFor(t: Pick<TestServer, 'config'>): Record<string, string> {
  return { ATRIO_DATA_DIR: t.config.dataDir, ATRIO_CERT_DIR: t.config.certDir };
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

/** A stand-in terminal for prompts: `type()` sends keystrokes once the prompt has been shown. */
export function fakeTerminal(): { stdin: CliInput; type: (text: string) => void } {
  const stream = new PassThrough() as PassThrough & CliInput;
  stream.isTTY = true;
  stream.setRawMode = () => stream;
  return { stdin: stream, type: (text) => stream.write(text) };
}
