import { mkdirSync, symlinkSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/harness.js';
import { cleanupLogs, countErrorsSince, listLogFiles } from './log-files.js';

const DAY = 86_400_000;
const now = new Date('2026-11-29T12:00:00Z');
const dirs: Array<() => void> = [];
afterEach(() => dirs.splice(0).forEach((remove) => remove()));

/** A logs folder like pino-roll leaves it: numbered files, `current.log` pointing at the newest. */
function logsDir(files: Array<{ name: string; ageDays: number; bytes?: number; lines?: string[] }>) {
  const dir = tempDir('atrio-logs-');
  dirs.push(dir.remove);
  const logs = join(dir.path, 'logs');
  mkdirSync(logs);
  for (const file of files) {
    const path = join(logs, file.name);
    writeFileSync(path, file.lines ? `${file.lines.join('\n')}\n` : 'x'.repeat(file.bytes ?? 10));
    const at = new Date(now.getTime() - file.ageDays * DAY);
    utimesSync(path, at, at);
  }
  return logs;
}

const line = (level: number, time: Date, msg: string) => JSON.stringify({ level, time: time.getTime(), msg });

describe('listLogFiles', () => {
  it('lists regular .log files oldest first and marks the symlink target and the newest as active', async () => {
    const dir = logsDir([
      { name: 'atrio.1.log', ageDays: 3 },
      { name: 'atrio.2.log', ageDays: 2 },
      { name: 'atrio.3.log', ageDays: 0 },
      { name: 'notes.txt', ageDays: 9 },
    ]);
    symlinkSync(join(dir, 'atrio.2.log'), join(dir, 'current.log'));
    const files = await listLogFiles(dir);
    expect(files.map((f) => [f.name, f.active])).toEqual([
      ['atrio.1.log', false],
      ['atrio.2.log', true],
      ['atrio.3.log', true],
    ]);
  });

  it('is empty when the folder does not exist', async () => {
    expect(await listLogFiles('/nonexistent/logs')).toEqual([]);
  });
});

describe('cleanupLogs', () => {
  it('deletes rotated files older than the age limit and never the active one, however old', async () => {
    const dir = logsDir([
      { name: 'atrio.1.log', ageDays: 40 },
      { name: 'atrio.2.log', ageDays: 31 },
      { name: 'atrio.3.log', ageDays: 29 },
      { name: 'atrio.4.log', ageDays: 35 },
    ]);
    // The link names the oldest file: it is being written even though its mtime says otherwise.
    symlinkSync(join(dir, 'atrio.1.log'), join(dir, 'current.log'));
    const result = await cleanupLogs(await listLogFiles(dir), { maxAgeDays: 30, maxTotalBytes: 1e9 }, now);
    expect(result.deleted.map((f) => [f.name, f.reason])).toEqual([
      ['atrio.4.log', 'age'],
      ['atrio.2.log', 'age'],
    ]);
    expect(existsSync(join(dir, 'atrio.1.log'))).toBe(true);
    expect(existsSync(join(dir, 'atrio.3.log'))).toBe(true);
    expect(existsSync(join(dir, 'current.log'))).toBe(true);
    expect(result.remainingFiles).toBe(2);
  });

  it('trims the oldest rotated files until the folder fits the size cap', async () => {
    const dir = logsDir([
      { name: 'atrio.1.log', ageDays: 3, bytes: 400 },
      { name: 'atrio.2.log', ageDays: 2, bytes: 400 },
      { name: 'atrio.3.log', ageDays: 1, bytes: 400 },
      { name: 'atrio.4.log', ageDays: 0, bytes: 400 },
    ]);
    const result = await cleanupLogs(await listLogFiles(dir), { maxAgeDays: 30, maxTotalBytes: 900 }, now);
    expect(result.deleted.map((f) => [f.name, f.reason])).toEqual([
      ['atrio.1.log', 'size'],
      ['atrio.2.log', 'size'],
    ]);
    expect(result.remainingBytes).toBe(800);
  });

  it('keeps the active file even when it alone is over the cap', async () => {
    const dir = logsDir([
      { name: 'atrio.1.log', ageDays: 1, bytes: 100 },
      { name: 'atrio.2.log', ageDays: 0, bytes: 2000 },
    ]);
    const result = await cleanupLogs(await listLogFiles(dir), { maxAgeDays: 30, maxTotalBytes: 1000 }, now);
    expect(result.deleted.map((f) => f.name)).toEqual(['atrio.1.log']);
    expect(existsSync(join(dir, 'atrio.2.log'))).toBe(true);
    expect(result.remainingBytes).toBe(2000);
  });
});

describe('countErrorsSince', () => {
  it('counts error and fatal entries written since the given time, in every file touched since', async () => {
    const since = new Date(now.getTime() - DAY);
    const dir = logsDir([
      {
        name: 'atrio.1.log',
        ageDays: 3,
        lines: [line(50, new Date(now.getTime() - 3 * DAY), 'too old file')],
      },
      {
        name: 'atrio.2.log',
        ageDays: 0.5,
        lines: [
          line(50, new Date(now.getTime() - 2 * DAY), 'before the previous run'),
          line(30, new Date(now.getTime() - DAY / 2), 'info'),
          line(40, new Date(now.getTime() - DAY / 2), 'a warning'),
          line(50, new Date(now.getTime() - DAY / 2), 'first error'),
          'not json at all "level":50',
        ],
      },
      {
        name: 'atrio.3.log',
        ageDays: 0,
        lines: [
          line(60, new Date(now.getTime() - DAY / 4), 'fatal'),
          line(50, new Date(now.getTime() - 60_000), 'last error'),
        ],
      },
    ]);
    const count = await countErrorsSince(await listLogFiles(dir), since);
    expect(count).toEqual({ errors: 2, fatal: 1, filesRead: 2, latest: 'last error' });
  });
});
