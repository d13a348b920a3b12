import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config/project-root.js';

const MAIN = join(PROJECT_ROOT, 'dist/apps/api/src/main.js');

export interface ServerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or 128 + signal number). */
  exited: Promise<number>;
}

/** Runs the built server (what `npm start` runs) as a child process with exactly this environment. */
export function spawnServer(env: Record<string, string>, cwd: string): ServerProcess {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: run the tests with npm test, which builds first`);
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15))),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits until the banner says the server is running; fails if the process exits first. */
export async function waitForBanner(server: ServerProcess, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | undefined;
  void server.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    const match = /https:\/\/[^\s/]+:(\d+)\//.exec(server.stdout());
    if (server.stdout().includes('is running') && match) return Number(match[1]);
    if (exitCode !== undefined) {
      throw new Error(`server exited with ${exitCode} before starting: ${server.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server.child.kill('SIGKILL');
  throw new Error(`server did not start within ${timeoutMs} ms: ${server.stdout()} ${server.stderr()}`);
}
