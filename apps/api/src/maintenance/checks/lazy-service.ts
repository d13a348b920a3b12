import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';

/**
 * A service of another feature, found when first used rather than imported: the maintenance
 * module runs both in the server (BackupModule, CertificatesModule, MonitoringModule) and in the
 * admin CLI, which provides some of these itself and leaves out the server-only ones. Null when
 * this process has none.
 */
export function lazyService<T>(moduleRef: ModuleRef, type: Type<T>): () => T | null {
  let found: T | null | undefined;
  return () => {
    if (found === undefined) {
      try {
        found = moduleRef.get(type, { strict: false });
      } catch {
        found = null;
      }
    }
    return found ?? null;
  };
}
