import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { parseListQuery } from './ra-list.js';

const SORTABLE = ['id', 'username'];

describe('parseListQuery', () => {
  it('defaults to the first 25 rows sorted by the default field', () => {
    expect(parseListQuery({}, SORTABLE, 'id')).toEqual({
      sort: { field: 'id', order: 'ASC' },
      skip: 0,
      take: 25,
      filter: {},
    });
  });

  it('reads sort, range and filter', () => {
    const list = parseListQuery(
      { sort: '["username","DESC"]', range: '[10,19]', filter: '{"q":"ana"}' },
      SORTABLE,
      'id',
    );
    expect(list).toEqual({
      sort: { field: 'username', order: 'DESC' },
      skip: 10,
      take: 10,
      filter: { q: 'ana' },
    });
  });

  it('caps a page at 500 rows', () => {
    expect(parseListQuery({ range: '[0,99999]' }, SORTABLE, 'id').take).toBe(500);
  });

  it.each([
    [{ sort: '["password_hash","ASC"]' }, 'cannot sort on'],
    [{ sort: '["id","UP"]' }, 'must be'],
    [{ sort: 'id' }, 'not valid JSON'],
    [{ range: '[5,1]' }, 'first <= last'],
    [{ range: '[-1,3]' }, 'first <= last'],
    [{ range: '[0.5,3]' }, 'first <= last'],
    [{ filter: '[1]' }, 'JSON object'],
    [{ filter: '{' }, 'not valid JSON'],
  ])('refuses %o with VALIDATION_FAILED', (query, hint) => {
    let error: unknown;
    try {
      parseListQuery(query, SORTABLE, 'id');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).message).toContain(hint);
  });
});
