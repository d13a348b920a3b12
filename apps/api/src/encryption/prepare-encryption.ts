import { join } from 'node:path';
import type { Logger } from 'pino';
import { installedKeyRing, installKeyRing } from './field-cipher.js';
import { KEY_RING_FILE, KeyRing } from './key-ring.js';

/**
 * Opens (or creates) the key ring of this data dir and installs it for the column transformers.
 * Call it before the DataSource reads or writes an encrypted column: server start-up, the CLI,
 * anything else that opens the database with the entities.
 */
export function prepareEncryption(dataDir: string, logger?: Logger): KeyRing {
  const installed = installedKeyRing(join(dataDir, KEY_RING_FILE));
  if (installed) return installed;
  const ring = KeyRing.open(dataDir, (message) => logger?.warn(message));
  installKeyRing(ring, logger ? (details, message) => logger.error(details, message) : undefined);
  return ring;
}
