// Counting a process's write system calls by type for a few seconds with `strace -c` (ptrace:
// it slows the traced process a lot, so its step is reported on its own, never in a knee).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const STRACE = spawnSync('strace', ['-V']).status === 0;
export const SYSCALLS = ['write', 'writev', 'sendmsg', 'pwrite64'];

/** Resolves with {calls: {write: n, …}, total} after `seconds`, or null without strace. */
export async function straceWrites(pid, seconds) {
  if (!STRACE) return null;
  const out = join(tmpdir(), `bench-strace-${pid}-${Date.now()}.txt`);
  const child = spawn(
    'strace',
    ['-c', '-f', '-e', `trace=${SYSCALLS.join(',')}`, '-p', String(pid), '-o', out],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await sleep(seconds * 1000);
  child.kill('SIGINT');
  await exited;
  try {
    const calls = {};
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      const cells = line.trim().split(/\s+/);
      const name = cells.at(-1);
      if (SYSCALLS.includes(name)) calls[name] = Number(cells[3]);
    }
    return { calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  } finally {
    rmSync(out, { force: true });
  }
}
