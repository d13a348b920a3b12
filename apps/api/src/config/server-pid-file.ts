import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Written by a running server in its data dir, so the CLI can refuse what needs it stopped. */
export const PID_FILE = 'atrio.pid';

export interface ServerPidRecord {
  pid: number;
  host: string;
  port: number;
  startedAt: string;
}

export function writeServerPidFile(dataDir: string, port: number): void {
  const record: ServerPidRecord = {
    pid: process.pid,
    host: hostname(),
    port,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(join(dataDir, PID_FILE), `${JSON.stringify(record)}\n`, { mode: 0o644 });
}

/** Removes the file only if it is still ours: a second server on the same dir keeps its own. */
export function removeServerPidFile(dataDir: string): void {
  const record = readServerPidFile(dataDir);
  if (record?.pid === process.pid) rmSync(join(dataDir, PID_FILE), { force: true });
}

export function readServerPidFile(dataDir: string): ServerPidRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, PID_FILE), 'utf8')) as Partial<ServerPidRecord>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0
      ? (parsed as ServerPidRecord)
      : null;
  } catch {
    return null;
  }
}

/**
 * The server running on `dataDir`, or null. A file left by a crashed server (its process gone)
 * is stale and ignored. A server on another machine sharing the folder cannot be probed, so it
 * counts as running.
 */
export function runningServer(dataDir: string): ServerPidRecord | null {
  const record = readServerPidFile(dataDir);
  if (!record) return null;
  if (record.host !== hostname()) return record;
  try {
    process.kill(record.pid, 0);
    return record;
  } catch (error) {
    // EPERM: the process exists but belongs to another user — still a running server.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? record : null;
  }
}
