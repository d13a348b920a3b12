import { describe, expect, it } from 'vitest';
import { createSummarySchema, SUMMARY_RANGE_LIMITS, updateRoomDigestSchema } from './summaries.js';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const HOUR = 3_600_000;

function problem(input: unknown): string | undefined {
  const result = createSummarySchema.safeParse(input);
  return result.success
    ? undefined
    : `${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`;
}

describe('a summary time range', () => {
  it('takes since alone (until is now), since with until, and either with lastMessages', () => {
    expect(problem({ since: ago(2 * HOUR) })).toBeUndefined();
    expect(problem({ since: ago(2 * HOUR), until: ago(HOUR) })).toBeUndefined();
    expect(problem({ since: ago(2 * HOUR), until: ago(HOUR), lastMessages: 50 })).toBeUndefined();
    expect(
      problem({ since: '2026-12-01T09:00:00+01:00', until: '2026-12-01T10:00:00+01:00' }),
    ).toBeUndefined();
  });

  it('refuses until without since, a range with unread, and instants that are not ISO with an offset', () => {
    expect(problem({ until: ago(HOUR) })).toMatch(/^since: is required with until/);
    expect(problem({ since: ago(HOUR), unread: true })).toMatch(/^unread: /);
    expect(problem({ since: 'yesterday' })).toMatch(/^since: /);
    expect(problem({ since: '2026-12-07 09:00' })).toMatch(/^since: /);
    expect(problem({ since: '2026-12-07T09:00:00' })).toMatch(/^since: /); // no offset: ambiguous
    expect(problem({ since: 1_733_000_000_000 })).toMatch(/^since: /);
  });

  it('refuses until not after since, since in the future, and until beyond the margin', () => {
    const t = ago(HOUR);
    expect(problem({ since: t, until: t })).toMatch(/^until: must be after since/);
    expect(problem({ since: ago(HOUR), until: ago(2 * HOUR) })).toMatch(/^until: must be after since/);
    expect(problem({ since: ago(-HOUR) })).toMatch(/^since: must be in the past/);
    const margin = SUMMARY_RANGE_LIMITS.futureMarginSeconds * 1000;
    expect(problem({ since: ago(HOUR), until: ago(-(margin + 60_000)) })).toMatch(
      /^until: must not be in the future/,
    );
    expect(problem({ since: ago(HOUR), until: ago(-(margin - 60_000)) })).toBeUndefined();
  });

  it(`refuses a span over ${SUMMARY_RANGE_LIMITS.maxDays} days`, () => {
    const days = SUMMARY_RANGE_LIMITS.maxDays * 24 * HOUR;
    expect(problem({ since: ago(days + 2 * HOUR), until: ago(HOUR) })).toMatch(/^until: must be at most/);
    expect(problem({ since: ago(days), until: ago(HOUR) })).toBeUndefined();
  });
});

describe('a room digest setting', () => {
  it('takes a 24-hour clock time and an IANA time zone only', () => {
    const ok = (value: object) => updateRoomDigestSchema.safeParse(value).success;
    expect(ok({ enabled: true, at: '08:30', timeZone: 'Europe/Madrid' })).toBe(true);
    expect(ok({ enabled: false, at: '23:59', timeZone: 'UTC' })).toBe(true);
    expect(ok({ enabled: true, at: '24:00', timeZone: 'UTC' })).toBe(false);
    expect(ok({ enabled: true, at: '8:30', timeZone: 'UTC' })).toBe(false);
    expect(ok({ enabled: true, at: '08:30', timeZone: 'Mars/Olympus' })).toBe(false);
    expect(ok({ enabled: true, at: '08:30', timeZone: 'UTC', extra: 1 })).toBe(false);
  });
});
