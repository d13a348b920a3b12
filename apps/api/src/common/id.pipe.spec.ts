import { describe, expect, it } from 'vitest';
import { IdPipe } from './id.pipe.js';

describe('IdPipe', () => {
  const pipe = new IdPipe();

  it('accepts positive whole numbers', () => {
    expect(pipe.transform('1')).toBe(1);
    expect(pipe.transform('2147483647')).toBe(2_147_483_647);
  });

  it.each(['0', '-1', '1.5', 'abc', '', '01', '1e3'])('refuses %j with VALIDATION_FAILED', (value) => {
    expect(() => pipe.transform(value)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('answers NOT_FOUND for ids no table can hold, instead of a database error', () => {
    expect(() => pipe.transform('9999999999')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
