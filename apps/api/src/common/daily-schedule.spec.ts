import { describe, expect, it } from 'vitest';
import { isDailyRunDue, lastScheduledTime } from './daily-schedule.js';

const at = (text: string) => new Date(text);

describe('daily schedule', () => {
  it('names today at HH:MM once that time has passed, yesterday before it', () => {
    expect(lastScheduledTime('30 2 * * *', at('2026-11-29T02:30:00'))).toEqual(at('2026-11-29T02:30:00'));
    expect(lastScheduledTime('30 2 * * *', at('2026-11-29T10:00:00'))).toEqual(at('2026-11-29T02:30:00'));
    expect(lastScheduledTime('30 2 * * *', at('2026-11-29T02:29:59'))).toEqual(at('2026-11-28T02:30:00'));
  });

  it('is due when the job has not run as scheduled since the last slot', () => {
    const now = at('2026-11-29T03:00:00');
    expect(isDailyRunDue('30 2 * * *', now, null)).toBe(true);
    expect(isDailyRunDue('30 2 * * *', now, at('2026-11-28T02:30:05'))).toBe(true);
    expect(isDailyRunDue('30 2 * * *', now, at('2026-11-29T02:31:00'))).toBe(false);
  });

  it('refuses anything but a daily schedule', () => {
    expect(() => lastScheduledTime('*/5 * * * *', new Date())).toThrow(/only daily/);
    expect(() => lastScheduledTime('30 24 * * *', new Date())).toThrow(/only daily/);
  });
});
