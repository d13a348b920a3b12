import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './config/project-root.js';

/**
 * The fault drills short enough for every test run (`npm run drill -- <name>`, bench/drills/): each
 * starts the built server on temporary folders, breaks something for real, and ends with
 * `PASS <name>` or `FAIL <name>: <why>`. The long ones (kill9 ×20, offline 30 s, slowloris
 * 5 000 sockets) run only from the command; their last results are in the README.
 */
const QUICK_DRILLS = ['login-race', 'revoke', 'corrupt-backup', 'cert-renew', 'damaged-db', 'disk-full'];
const isRoot = process.getuid?.() === 0;

function runDrill(name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bench/drills', `${name}.mjs`)], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('fault drills', () => {
  for (const name of QUICK_DRILLS) {
    // The disk-full drill mounts a tmpfs; CI runs as root.
    it.skipIf(name === 'disk-full' && !isRoot)(
      `${name} ends with PASS`,
      async () => {
        expect(
          existsSync(join(PROJECT_ROOT, 'dist/apps/api/src/main.js')),
          'run npm test, which builds first',
        ).toBe(true);
        const { code, output } = await runDrill(name);
        const last = output.trim().split('\n').at(-1);
        expect(last, output).toBe(`PASS ${name}`);
        expect(code).toBe(0);
      },
      180_000,
    );
  }
});
