/**
 * When a daily digest at `at` (HH:MM) in an IANA time zone falls, around a given instant.
 * Daylight-saving days are handled by converting the wall-clock time with the zone's offset at
 * that moment (a time skipped by the spring change runs an hour later, as clocks do).
 */
export function lastOccurrence(now: Date, at: string, timeZone: string): Date {
  const today = occurrenceOn(localDate(now, timeZone), at, timeZone);
  if (today.getTime() <= now.getTime()) return today;
  const yesterday = localDate(new Date(now.getTime() - 86_400_000), timeZone);
  return occurrenceOn(yesterday, at, timeZone);
}

export function nextOccurrence(now: Date, at: string, timeZone: string): Date {
  const today = occurrenceOn(localDate(now, timeZone), at, timeZone);
  if (today.getTime() > now.getTime()) return today;
  const tomorrow = localDate(new Date(now.getTime() + 86_400_000), timeZone);
  return occurrenceOn(tomorrow, at, timeZone);
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function localDate(instant: Date, timeZone: string): LocalDate {
  const parts = wallClock(instant, timeZone);
  return { year: parts.year, month: parts.month, day: parts.day };
}

function occurrenceOn({ year, month, day }: LocalDate, at: string, timeZone: string): Date {
  const [hour, minute] = at.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes: the offset at the first guess may differ from the offset at the result (DST).
  let guess = wall - offsetMs(new Date(wall), timeZone);
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The zone's offset from UTC at an instant, in milliseconds (Madrid in winter: +3 600 000). */
function offsetMs(instant: Date, timeZone: string): number {
  const p = wallClock(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

function wallClock(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}
