import { createReadStream } from 'node:fs';
import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';

/** The symlink pino-roll keeps pointing at the file it writes to (see logging/logger.ts). */
const CURRENT_LINK = 'current.log';
const DAY_MS = 86_400_000;
/** pino's numeric levels: 50 error, 60 fatal. */
const ERROR_LEVEL = 50;
const FATAL_LEVEL = 60;

export interface LogFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
  /** The file being written now: never deleted. */
  active: boolean;
}

/**
 * The log files in `dir` (regular `*.log` files; the symlink is not one), oldest first. The active
 * file is the symlink's target and, in case the link is missing or stale, the newest file too.
 */
export async function listLogFiles(dir: string): Promise<LogFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files: LogFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.log'))) {
    const path = join(dir, name);
    const info = await lstat(path).catch(() => null);
    if (info?.isFile()) files.push({ name, path, size: info.size, mtimeMs: info.mtimeMs, active: false });
  }
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
  const target = await realpath(join(dir, CURRENT_LINK)).catch(() => null);
  for (const file of files) if (target !== null && basename(target) === file.name) file.active = true;
  if (files.length > 0) files[files.length - 1]!.active = true;
  return files;
}

export interface ErrorCount {
  errors: number;
  fatal: number;
  filesRead: number;
  /** The message of the most recent error, to tell the administrator where to look. */
  latest: string | null;
}

/** Counts entries of level error or fatal written at or after `since` (files untouched since are skipped). */
export async function countErrorsSince(files: LogFile[], since: Date): Promise<ErrorCount> {
  const result: ErrorCount = { errors: 0, fatal: 0, filesRead: 0, latest: null };
  let latestTime = -Infinity;
  for (const file of files.filter((f) => f.mtimeMs >= since.getTime())) {
    result.filesRead++;
    const lines = createInterface({ input: createReadStream(file.path), crlfDelay: Infinity });
    for await (const line of lines) {
      const entry = parseEntry(line);
      if (!entry || entry.level < ERROR_LEVEL || entry.time < since.getTime()) continue;
      if (entry.level >= FATAL_LEVEL) result.fatal++;
      else result.errors++;
      if (entry.time >= latestTime) {
        latestTime = entry.time;
        result.latest = entry.msg;
      }
    }
  }
  return result;
}

function parseEntry(line: string): { level: number; time: number; msg: string } | null {
  // Cheap filter first: most lines are info and never need parsing.
  if (!line.includes('"level":5') && !line.includes('"level":6')) return null;
  try {
    const entry = JSON.parse(line) as { level?: unknown; time?: unknown; msg?: unknown };
    if (typeof entry.level !== 'number' || typeof entry.time !== 'number') return null;
    return { level: entry.level, time: entry.time, msg: typeof entry.msg === 'string' ? entry.msg : '' };
  } catch {
    return null;
  }
}

export interface CleanupResult {
  deleted: Array<{ name: string; size: number; reason: 'age' | 'size' }>;
  remainingFiles: number;
  remainingBytes: number;
}

/**
 * Deletes rotated files older than `maxAgeDays`, then the oldest rotated ones until the folder
 * holds at most `maxTotalBytes`. The active file stays even if it alone is over the cap.
 */
export async function cleanupLogs(
  files: LogFile[],
  policy: { maxAgeDays: number; maxTotalBytes: number },
  now: Date,
): Promise<CleanupResult> {
  const deleted: CleanupResult['deleted'] = [];
  let kept = [...files];
  const remove = async (file: LogFile, reason: 'age' | 'size') => {
    await rm(file.path, { force: true });
    deleted.push({ name: file.name, size: file.size, reason });
    kept = kept.filter((f) => f !== file);
  };
  const oldest = now.getTime() - policy.maxAgeDays * DAY_MS;
  for (const file of files) if (!file.active && file.mtimeMs < oldest) await remove(file, 'age');
  let total = kept.reduce((sum, f) => sum + f.size, 0);
  for (const file of [...kept]) {
    if (total <= policy.maxTotalBytes) break;
    if (file.active) continue;
    await remove(file, 'size');
    total -= file.size;
  }
  return { deleted, remainingFiles: kept.length, remainingBytes: total };
}
