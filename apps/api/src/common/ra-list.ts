import type { Response } from 'express';
import type { ListQuery } from '@atrio/protocol';
import { AppError } from './app-error.js';

/** A page of a list: the records asked for and how many match in all (`@RaList` sends `Content-Range`). */
export interface Page<T> {
  rows: T[];
  total: number;
}

export interface ListRequest {
  sort: { field: string; order: 'ASC' | 'DESC' };
  skip: number;
  take: number;
  filter: Record<string, unknown>;
}

const MAX_PAGE = 500;

/**
 * Parses react-admin's `sort=["field","ASC"]&range=[0,24]&filter={...}`. Only fields in
 * `sortable` may be sorted on, so a client can never sort on (or probe) a hidden column.
 */
export function parseListQuery(
  query: ListQuery,
  sortable: readonly string[],
  defaultSort: string,
): ListRequest {
  const sortValue = parseJson(query.sort, 'sort') ?? [defaultSort, 'ASC'];
  if (
    !Array.isArray(sortValue) ||
    sortValue.length !== 2 ||
    typeof sortValue[0] !== 'string' ||
    (sortValue[1] !== 'ASC' && sortValue[1] !== 'DESC')
  ) {
    throw invalid('sort', 'must be ["field","ASC"|"DESC"]');
  }
  if (!sortable.includes(sortValue[0])) {
    throw invalid('sort', `cannot sort on "${sortValue[0]}" (one of: ${sortable.join(', ')})`);
  }
  const rangeValue = parseJson(query.range, 'range') ?? [0, 24];
  if (
    !Array.isArray(rangeValue) ||
    rangeValue.length !== 2 ||
    !rangeValue.every((n) => Number.isInteger(n) && n >= 0) ||
    rangeValue[1] < rangeValue[0]
  ) {
    throw invalid('range', 'must be [first,last] with 0 <= first <= last');
  }
  const filterValue = parseJson(query.filter, 'filter') ?? {};
  if (typeof filterValue !== 'object' || filterValue === null || Array.isArray(filterValue)) {
    throw invalid('filter', 'must be a JSON object');
  }
  const [first, last] = rangeValue as [number, number];
  return {
    sort: { field: sortValue[0], order: sortValue[1] },
    skip: first,
    take: Math.min(last - first + 1, MAX_PAGE),
    filter: filterValue as Record<string, unknown>,
  };
}

/** Sets `Content-Range: <resource> first-last/total` (and exposes it) as ra-data-simple-rest expects. */
export function setContentRange(
  response: Response,
  resource: string,
  list: ListRequest,
  count: number,
  total: number,
): void {
  const last = count === 0 ? list.skip : list.skip + count - 1;
  response.setHeader('Content-Range', `${resource} ${list.skip}-${last}/${total}`);
  response.setHeader('Access-Control-Expose-Headers', 'Content-Range');
}

function parseJson(text: string | undefined, name: string): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(name, 'is not valid JSON');
  }
}

function invalid(name: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `The ${name} parameter ${message}.`, {
    fields: [{ path: name, message }],
  });
}
