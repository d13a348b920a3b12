import type { ValueTransformer } from 'typeorm';

/**
 * Instants are stored as integer milliseconds since the epoch: the same column type and the same
 * comparisons on SQLite and PostgreSQL, no time-zone surprises. pg returns bigint as a string.
 */
export const epochMillis: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) => (value === null ? null : new Date(Number(value))),
};
