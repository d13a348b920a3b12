import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from './startup-error.js';

/** Creates the data dir with its sub-folders and proves it is writable by writing a probe file. */
export function prepareDataDir(dataDir: string): void {
  const probe = join(dataDir, `.write-probe-${process.pid}`);
  try {
    mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o750 });
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError('ATRIO_DATA_DIR', `${dataDir} is not a writable directory (${code})`);
  }
}
