import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.js';
import { formatMinutes, parseCommandArgs, parseDuration } from './moderation-args.js';

describe('parseDuration', () => {
  it.each([
    ['10m', 10],
    ['10', 10],
    ['2h', 120],
    ['1D', 1440],
    ['90s', 2],
    ['0', 0],
  ])('%s is %d minutes', (text, minutes) => expect(parseDuration(text)).toBe(minutes));

  it.each(['', 'm', '10x', '-5m', '1.5h', 'spam'])('%j is not a duration', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});

describe('parseCommandArgs', () => {
  it('reads the user, an optional duration and the rest as the reason', () => {
    expect(parseCommandArgs('@Bob 10m  too loud ', '/mute', true)).toEqual({
      username: 'bob',
      minutes: 10,
      reason: 'too loud',
    });
    expect(parseCommandArgs('bob', '/mute', true)).toEqual({ username: 'bob' });
    expect(parseCommandArgs('@bob spam again', '/ban', true)).toEqual({
      username: 'bob',
      reason: 'spam again',
    });
  });

  it('leaves a duration-like word in the reason when no duration is read', () => {
    expect(parseCommandArgs('@bob 10m', '/kick', false)).toEqual({ username: 'bob', reason: '10m' });
  });

  it('refuses a missing user with the usage', () => {
    expect(() => parseCommandArgs('  ', '/kick @user', false)).toThrow(AppError);
    expect(() => parseCommandArgs('@', '/kick @user', false)).toThrow('Usage: /kick @user');
  });
});

describe('formatMinutes', () => {
  it.each([
    [1, '1 minute'],
    [10, '10 minutes'],
    [60, '1 hour'],
    [90, '90 minutes'],
    [1440, '1 day'],
    [4320, '3 days'],
  ])('%d → %s', (minutes, text) => expect(formatMinutes(minutes)).toBe(text));
});
