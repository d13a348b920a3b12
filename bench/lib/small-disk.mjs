// A size-limited tmpfs to fill for real (needs root, as CI has), and a filler that writes until
// the file system says ENOSPC — as apps/api/src/health/disk-full.int-spec.ts does.
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';

export function mountSmallDisk(path, sizeMiB = 48) {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', path], { stdio: 'pipe' });
  return {
    path,
    freeBytes: () => {
      const s = statfsSync(path);
      return s.bavail * s.bsize;
    },
    unmount: () => execFileSync('umount', ['-l', path], { stdio: 'ignore' }),
  };
}

/**
 * Writes a filler file until only `leaveBytes` are free (0: until ENOSPC, down to the last byte).
 * Returns the bytes written. The filler is `name` in the disk's root.
 */
export async function fill(disk, { leaveBytes = 0, name = 'filler' } = {}) {
  const handle = await open(join(disk.path, name), 'a');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        if (leaveBytes > 0 && disk.freeBytes() - size < leaveBytes) break;
        try {
          written += (await handle.write(chunk)).bytesWritten;
        } catch {
          break;
        }
      }
      if (leaveBytes > 0 && disk.freeBytes() - 1 < leaveBytes) break;
    }
  } finally {
    await handle.close();
  }
  return written;
}

export async function unfill(disk, name = 'filler') {
  await rm(join(disk.path, name), { force: true });
}
