import { describe, expect, it } from 'vitest';
import { isRoutineDue, lastSlot } from './routine-schedule.js';

const schedule = { dailyTime: '07:30', weeklyDay: 1, monthlyDay: 15 };
/** Local time, as the schedule is. Wednesday 2026-12-09 10:00. */
const wednesday = new Date(2026, 11, 9, 10, 0);

describe('lastSlot', () => {
  it('daily: today once the time has passed, yesterday before it', () => {
    expect(lastSlot('daily', schedule, wednesday)).toEqual(new Date(2026, 11, 9, 7, 30));
    expect(lastSlot('daily', schedule, new Date(2026, 11, 9, 7, 29))).toEqual(new Date(2026, 11, 8, 7, 30));
    expect(lastSlot('daily', schedule, new Date(2026, 11, 9, 7, 30))).toEqual(new Date(2026, 11, 9, 7, 30));
  });

  it('weekly: the last weekday named, this week or the one before', () => {
    expect(lastSlot('weekly', schedule, wednesday)).toEqual(new Date(2026, 11, 7, 7, 30));
    expect(lastSlot('weekly', schedule, new Date(2026, 11, 7, 7, 0))).toEqual(new Date(2026, 10, 30, 7, 30));
    expect(lastSlot('weekly', { ...schedule, weeklyDay: 3 }, wednesday)).toEqual(
      new Date(2026, 11, 9, 7, 30),
    );
    expect(lastSlot('weekly', { ...schedule, weeklyDay: 4 }, wednesday)).toEqual(
      new Date(2026, 11, 3, 7, 30),
    );
  });

  it('monthly: this month once the day has passed, otherwise last month (across the year)', () => {
    expect(lastSlot('monthly', schedule, wednesday)).toEqual(new Date(2026, 10, 15, 7, 30));
    expect(lastSlot('monthly', schedule, new Date(2026, 11, 20))).toEqual(new Date(2026, 11, 15, 7, 30));
    expect(lastSlot('monthly', { ...schedule, monthlyDay: 28 }, new Date(2027, 0, 3))).toEqual(
      new Date(2026, 11, 28, 7, 30),
    );
    expect(lastSlot('monthly', { ...schedule, monthlyDay: 28 }, new Date(2027, 2, 10))).toEqual(
      new Date(2027, 1, 28, 7, 30),
    );
  });
});

describe('isRoutineDue', () => {
  it('is due once a slot passed after the last scheduled run, not before', () => {
    const ranToday = new Date(2026, 11, 9, 7, 31);
    expect(isRoutineDue('daily', schedule, wednesday, ranToday)).toBe(false);
    expect(isRoutineDue('daily', schedule, wednesday, new Date(2026, 11, 8, 7, 31))).toBe(true);
    expect(isRoutineDue('weekly', schedule, wednesday, new Date(2026, 11, 7, 8, 0))).toBe(false);
    expect(isRoutineDue('weekly', schedule, wednesday, new Date(2026, 11, 6, 8, 0))).toBe(true);
  });
});
