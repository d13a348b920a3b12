import { AppError } from '../common/app-error.js';

const UNIT_MINUTES = { s: 1 / 60, m: 1, h: 60, d: 24 * 60 } as const;
const DURATION = /^(\d{1,7})([smhd]?)$/i;

/** `10m`, `2h`, `1d`, `90s` (rounded up to whole minutes) or a bare number of minutes; null if not a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const unit = (match[2] || 'm').toLowerCase() as keyof typeof UNIT_MINUTES;
  return Math.ceil(Number(match[1]) * UNIT_MINUTES[unit]);
}

export interface CommandArgs {
  username: string;
  /** Set when the word after the user is a duration. */
  minutes?: number;
  /** The rest of the line, if any. */
  reason?: string;
}

/** `@user [duration] [reason…]`: the user is required, the duration only read when `withDuration`. */
export function parseCommandArgs(args: string, usage: string, withDuration: boolean): CommandArgs {
  const [first = '', ...rest] = args.split(/\s+/).filter((word) => word !== '');
  const username = first.replace(/^@/, '').toLowerCase();
  if (username === '') throw new AppError('VALIDATION_FAILED', `Usage: ${usage}`);
  const minutes = withDuration && rest.length > 0 ? parseDuration(rest[0]!) : null;
  if (minutes !== null) rest.shift();
  const reason = rest.join(' ');
  return { username, ...(minutes !== null ? { minutes } : {}), ...(reason ? { reason } : {}) };
}

/** `10 minutes`, `1 hour`, `3 days`: whole units when they divide evenly. */
export function formatMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % (24 * 60) === 0) return plural(minutes / (24 * 60), 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}
