import { describe, expect, it } from 'vitest';
import { lastOccurrence, nextOccurrence } from './digest-time.js';

const at = (iso: string) => new Date(iso);

describe('a daily digest time', () => {
  it('falls today when the time has passed, else yesterday (UTC)', () => {
    expect(lastOccurrence(at('2026-12-07T10:00:00Z'), '08:30', 'UTC').toISOString()).toBe(
      '2026-12-07T08:30:00.000Z',
    );
    expect(lastOccurrence(at('2026-12-07T08:00:00Z'), '08:30', 'UTC').toISOString()).toBe(
      '2026-12-06T08:30:00.000Z',
    );
    expect(nextOccurrence(at('2026-12-07T08:00:00Z'), '08:30', 'UTC').toISOString()).toBe(
      '2026-12-07T08:30:00.000Z',
    );
    expect(nextOccurrence(at('2026-12-07T08:30:00Z'), '08:30', 'UTC').toISOString()).toBe(
      '2026-12-08T08:30:00.000Z',
    );
  });

  it('reads the clock time in the room’s zone, winter and summer', () => {
    // Madrid is UTC+1 in December and UTC+2 in July.
    expect(lastOccurrence(at('2026-12-07T10:00:00Z'), '09:00', 'Europe/Madrid').toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
    expect(lastOccurrence(at('2026-07-07T10:00:00Z'), '09:00', 'Europe/Madrid').toISOString()).toBe(
      '2026-07-07T07:00:00.000Z',
    );
    // 05:30Z is 23:30 of the 6th in Mexico City (UTC−6): the next 00:15 there is 06:15Z on the 7th.
    expect(nextOccurrence(at('2026-12-07T05:30:00Z'), '00:15', 'America/Mexico_City').toISOString()).toBe(
      '2026-12-07T06:15:00.000Z',
    );
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    // Europe changes on 2026-03-29 at 02:00 → 03:00: 09:00 is 08:00Z before and 07:00Z after.
    expect(nextOccurrence(at('2026-03-28T09:00:00Z'), '09:00', 'Europe/Madrid').toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    // A time skipped by the change (02:30 does not exist that day) lands within the hour after.
    const skipped = nextOccurrence(at('2026-03-28T12:00:00Z'), '02:30', 'Europe/Madrid');
    expect(skipped.getTime()).toBeGreaterThanOrEqual(at('2026-03-29T00:30:00Z').getTime());
    expect(skipped.getTime()).toBeLessThanOrEqual(at('2026-03-29T01:30:00Z').getTime());
  });
});
