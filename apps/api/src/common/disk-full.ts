import { statfs } from 'node:fs/promises';
import { AppError } from './app-error.js';

/** Below this much free space the data folder counts as full: SQLite and the logs need room to work. */
export const DISK_FULL_BELOW_BYTES = 2 * 1024 * 1024;

const DISK_FULL_CODES = new Set([
  'ENOSPC', // the file system
  'EDQUOT', // a quota
  'SQLITE_FULL', // better-sqlite3
  '53100', // PostgreSQL disk_full
]);

/** Whether an error (or what it wraps: TypeORM's driverError, a cause) means the disk is full. */
export function isDiskFull(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, driverError, cause } = error as { code?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return true;
  return isDiskFull(driverError, depth + 1) || isDiskFull(cause, depth + 1);
}

export function diskFullError(): AppError {
  return new AppError(
    'UNAVAILABLE',
    "The server's disk is full: nothing new can be saved until an administrator frees space. Reading still works.",
    undefined,
    { 'Retry-After': '60' },
  );
}

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
  full: boolean;
}

/** Free space where the data folder lives, as an unprivileged process may use it. */
export async function diskSpace(dataDir: string): Promise<DiskSpace> {
  const stats = await statfs(dataDir);
  const freeBytes = stats.bavail * stats.bsize;
  return { freeBytes, totalBytes: stats.blocks * stats.bsize, full: freeBytes < DISK_FULL_BELOW_BYTES };
}
