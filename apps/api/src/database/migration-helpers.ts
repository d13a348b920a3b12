import type { QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * A column default written the way the current driver writes an entity's default (SQLite stores
 * booleans as 0/1, PostgreSQL as false/true), so migrations and entities produce the same schema.
 */
export function defaultOf(queryRunner: QueryRunner, value: boolean | number | string): string | undefined {
  return queryRunner.connection.driver.normalizeDefault({ default: value } as ColumnMetadata);
}
