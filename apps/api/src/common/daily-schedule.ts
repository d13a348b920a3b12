import { DAILY_CRON_PATTERN } from '@atrio/protocol';

// The daily jobs' schedule maths (backup, retention, maintenance checks), shared so that every
// "M H * * *" setting means the same moment.

/**
 * The most recent time at or before `now` the daily schedule `M H * * *` named, in the server's
 * local time (an administrator writes "02:30" meaning the clock on the wall).
 */
export function lastScheduledTime(cron: string, now: Date): Date {
  const match = DAILY_CRON_PATTERN.exec(cron);
  if (!match) throw new Error(`unsupported schedule "${cron}": only daily "M H * * *" is supported`);
  const slot = new Date(now);
  slot.setHours(Number(match[2]), Number(match[1]), 0, 0);
  if (slot.getTime() > now.getTime()) slot.setDate(slot.getDate() - 1);
  return slot;
}

/** Due when the job has not run (as scheduled) since the last scheduled time. */
export function isDailyRunDue(cron: string, now: Date, lastScheduledRun: Date | null): boolean {
  const slot = lastScheduledTime(cron, now);
  return lastScheduledRun === null || lastScheduledRun.getTime() < slot.getTime();
}
