import type { MaintenanceSchedule, RoutineKind } from '@atrio/protocol';

/**
 * The most recent time at or before `now` the schedule names for a routine, in the server's local
 * time (an administrator writes "07:00" meaning the clock on the wall): daily every day at
 * `dailyTime`, weekly on `weeklyDay`, monthly on `monthlyDay`, both also at `dailyTime`.
 */
export function lastSlot(kind: RoutineKind, schedule: MaintenanceSchedule, now: Date): Date {
  const [hours, minutes] = schedule.dailyTime.split(':').map(Number) as [number, number];
  const slot = new Date(now);
  slot.setHours(hours, minutes, 0, 0);
  switch (kind) {
    case 'daily':
      if (slot > now) slot.setDate(slot.getDate() - 1);
      return slot;
    case 'weekly':
      slot.setDate(slot.getDate() - ((slot.getDay() - schedule.weeklyDay + 7) % 7));
      if (slot > now) slot.setDate(slot.getDate() - 7);
      return slot;
    case 'monthly':
      slot.setDate(schedule.monthlyDay);
      if (slot > now) slot.setMonth(slot.getMonth() - 1);
      return slot;
  }
}

/** Due when no scheduled run of the routine started since its last slot (`since` before any run). */
export function isRoutineDue(
  kind: RoutineKind,
  schedule: MaintenanceSchedule,
  now: Date,
  lastScheduledStart: Date,
): boolean {
  return lastSlot(kind, schedule, now).getTime() > lastScheduledStart.getTime();
}
