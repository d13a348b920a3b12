import { LOG_LEVELS, type LogEntry, type LogFilter, type LogLevel } from '@atrio/protocol';
import { readFile } from 'node:fs/promises';
import type { LogFile } from '../maintenance/checks/log-files.js';

const DAY_MS = 86_400_000;
const LEVEL_NAMES = new Map<number, LogLevel>(
  Object.entries(LOG_LEVELS).map(([name, value]) => [value, name as LogLevel]),
);
/** Lines about sign-in, sessions and lock-outs (the manual's "authentication events"). */
const AUTH_PATTERN = /\b(auth|login|logout|session|lock(ed|out)?|password|2fa|totp)\b/i;

export interface LogPage {
  entries: LogEntry[];
  total: number;
}

function bounds(filter: LogFilter): { from: number; to: number } {
  const from = filter.from ? Date.parse(filter.from) : -Infinity;
  let to = filter.to ? Date.parse(filter.to) : Infinity;
  if (filter.to && /^\d{4}-\d{2}-\d{2}$/.test(filter.to)) to += DAY_MS - 1;
  return { from, to };
}

function parse(line: string, file: string, lineNo: number): LogEntry | null {
  if (!line.startsWith('{')) return null;
  try {
    const {
      level,
      time,
      msg,
      pid: _pid,
      hostname: _host,
      ...details
    } = JSON.parse(line) as Record<string, unknown>;
    const name = typeof level === 'number' ? LEVEL_NAMES.get(level) : undefined;
    if (!name || typeof time !== 'number') return null;
    return {
      id: `${file}:${lineNo}`,
      at: new Date(time).toISOString(),
      level: name,
      msg: typeof msg === 'string' ? msg : '',
      details,
      file,
    };
  } catch {
    return null;
  }
}

/**
 * Newest first across every log file, filtered, one page of it plus the total. Files whose last
 * write is before `from` are not opened; a file is at most 10 MB (pino-roll), read whole.
 */
export async function readLogPage(
  files: LogFile[],
  filter: LogFilter,
  skip: number,
  take: number,
): Promise<LogPage> {
  const { from, to } = bounds(filter);
  const minLevel = filter.level ? LOG_LEVELS[filter.level] : 0;
  const text = filter.q?.toLowerCase();
  const entries: LogEntry[] = [];
  let total = 0;
  for (const file of [...files].reverse()) {
    if (file.mtimeMs < from) continue;
    const lines = (await readFile(file.path, 'utf8').catch(() => '')).split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!;
      if (text !== undefined && !line.toLowerCase().includes(text)) continue;
      if (filter.auth && !AUTH_PATTERN.test(line)) continue;
      const entry = parse(line, file.name, i + 1);
      if (!entry || LOG_LEVELS[entry.level] < minLevel) continue;
      const at = Date.parse(entry.at);
      if (at < from || at > to) continue;
      if (total >= skip && entries.length < take) entries.push(entry);
      total++;
    }
  }
  return { entries, total };
}
