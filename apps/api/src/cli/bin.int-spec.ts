import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { PROJECT_ROOT } from '../config/project-root.js';
import { startServer } from '../server.js';
import { testEnv } from '../../test/harness.js';

const BIN = join(PROJECT_ROOT, 'bin/atrio.mjs');
const BUILT = join(PROJECT_ROOT, 'dist/apps/api/src/cli/main.js');

/** The built CLI is only worth testing when it was built from these sources (npm test builds first). */
function builtFromCurrentSources(): boolean {
  if (!existsSync(BUILT)) return false;
  const builtAt = statSync(BUILT).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return newer(path);
      return !/\.(int-)?spec\.ts$/.test(entry.name) && statSync(path).mtimeMs > builtAt;
    });
  return !newer(join(PROJECT_ROOT, 'apps/api/src')) && !newer(join(PROJECT_ROOT, 'libs'));
}

function runBin(argv: string[], env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [BIN, ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe.skipIf(!builtFromCurrentSources())('the built atrio executable', () => {
  const root = mkdtempSync(join(tmpdir(), 'atrio-cli-bin-'));
  const env = testEnv(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // Each process loads the whole server graph: seconds on a busy 2-core machine.
  it(
    'runs as a process: JSON on stdout, the exit codes, the restore refusal while the server runs',
    { timeout: 180_000 },
    async () => {
      const server = await startServer(loadConfig(env, root));
      try {
        const listed = await runBin(['user', 'list', '--json'], env, root);
        expect(listed.code).toBe(0);
        expect((JSON.parse(listed.stdout) as Array<{ username: string }>).map((u) => u.username)).toEqual([
          'admin',
        ]);
        const refused = await runBin(['backup', 'restore', '20200101-000000-abcd', '--yes'], env, root);
        expect(refused.code).toBe(4);
        expect(refused.stderr).toContain('The server is running on this data dir');
        expect((await runBin(['no-such-command'], env, root)).code).toBe(2);
      } finally {
        await server.close();
      }
    },
  );
});
