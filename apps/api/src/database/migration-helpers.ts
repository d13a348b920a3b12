import type { QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * A column default written the way the current driver writes an entity's default (SQLite stores
 * booleans as 0/1, PostgreSQL as false/true), so migrations and entities produce the same schema.
 */
export function defaultOf(queryRunner: QueryRunner, value: boolean | number | string): string | undefined {
  return queryRunner.connection.driver.normalizeDefault({ default: value } as ColumnMetadata);
}

/**
 * Inserts one row with bound parameters in the driver's own placeholder style. Booleans are
 * written as the SQL keywords TRUE/FALSE, which both SQLite (3.23+) and PostgreSQL understand.
 */
export async function insertRow(
  queryRunner: QueryRunner,
  table: string,
  row: Record<string, string | number | boolean | null>,
): Promise<void> {
  const columns = Object.keys(row);
  const values = columns.map((column) => {
    const value = row[column];
    return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : `:${column}`;
  });
  const parameters = Object.fromEntries(
    columns.filter((c) => typeof row[c] !== 'boolean').map((c) => [c, row[c]]),
  );
  const [sql, bound] = queryRunner.connection.driver.escapeQueryWithParameters(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})`,
    parameters,
  );
  await queryRunner.query(sql, bound);
}
