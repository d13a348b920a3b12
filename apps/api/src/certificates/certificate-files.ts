import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CA_BUNDLE = 'ca.pem';

/** The CA bundle chains are checked against, or null when the administrator put none there. */
export function readCaBundle(certDir: string): string | null {
  const path = join(certDir, CA_BUNDLE);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

interface PairFiles {
  cert: string;
  key: string;
}

/**
 * Writes server.crt / server.key through temporary files renamed into place, so a reader (or a
 * crash) never sees a half-written file. The key is private to the service account (0600).
 * With `backup`, the given pair is first kept as server.crt.bak / server.key.bak.
 */
export function writePair(certDir: string, pair: PairFiles, backup?: PairFiles): void {
  if (backup) {
    writeAtomically(join(certDir, 'server.key.bak'), backup.key, 0o600);
    writeAtomically(join(certDir, 'server.crt.bak'), backup.cert, 0o644);
  }
  writeAtomically(join(certDir, 'server.key'), pair.key, 0o600);
  writeAtomically(join(certDir, 'server.crt'), pair.cert, 0o644);
}

/** The pair the last renewal or installation replaced, and when; null when none is kept. */
export function readPreviousPair(certDir: string): (PairFiles & { keptAt: Date }) | null {
  const certPath = join(certDir, 'server.crt.bak');
  const keyPath = join(certDir, 'server.key.bak');
  if (!existsSync(certPath) || !existsSync(keyPath)) return null;
  return {
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
    keptAt: statSync(certPath).mtime,
  };
}

function writeAtomically(path: string, text: string, mode: number): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode, flag: 'wx' });
    chmodSync(temp, mode); // the umask may have narrowed or the mode option been ignored
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
