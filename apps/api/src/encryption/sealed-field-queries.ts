import { DataSource, type Driver, type EntityManager } from 'typeorm';
import type { SealedField } from './sealed-fields.js';
import { KEY_ID_LENGTH, SEALED_PREFIX, sealedPrefixOf } from './sealed-value.js';

/**
 * Plain SQL on the encrypted columns, the same on SQLite and PostgreSQL: `substr` is
 * case-sensitive on both (LIKE is not on SQLite), and key ids have a fixed length.
 */
type Queryable = DataSource | EntityManager;

export interface FieldUsage {
  plain: number;
  byKey: Record<string, number>;
}

export interface StoredValue {
  pk: string | number;
  value: string;
}

const isSealedSql = (column: string) => `substr(${column}, 1, ${SEALED_PREFIX.length}) = '${SEALED_PREFIX}'`;

/** How many values of the column are in clear, and how many under each key. */
export async function fieldUsage(db: Queryable, field: SealedField): Promise<FieldUsage> {
  const column = quote(db, field.column);
  const keyId = `substr(${column}, ${SEALED_PREFIX.length + 1}, ${KEY_ID_LENGTH})`;
  const rows = await db.query<Array<{ key_id: string; n: number | string }>>(
    `SELECT CASE WHEN ${isSealedSql(column)} THEN ${keyId} ELSE '' END AS key_id, COUNT(*) AS n
       FROM ${quote(db, field.table)} WHERE ${column} IS NOT NULL GROUP BY 1`,
  );
  const usage: FieldUsage = { plain: 0, byKey: {} };
  for (const row of rows) {
    if (row.key_id === '') usage.plain = Number(row.n);
    else usage.byKey[row.key_id] = Number(row.n);
  }
  return usage;
}

export interface PendingFilter {
  /** Values sealed under any other key need re-sealing under this one. */
  activeKeyId: string;
  /** Whether values in clear are to be sealed too. */
  includePlain: boolean;
}

function pendingCondition(db: Queryable, field: SealedField, filter: PendingFilter): string {
  const column = quote(db, field.column);
  const prefix = sealedPrefixOf(filter.activeKeyId); // hex id: nothing to escape
  const conditions = [`${column} IS NOT NULL`, `substr(${column}, 1, ${prefix.length}) <> '${prefix}'`];
  if (!filter.includePlain) conditions.push(isSealedSql(column));
  return conditions.join(' AND ');
}

export async function countPending(
  db: Queryable,
  field: SealedField,
  filter: PendingFilter,
): Promise<number> {
  const rows = await db.query<Array<{ n: number | string }>>(
    `SELECT COUNT(*) AS n FROM ${quote(db, field.table)} WHERE ${pendingCondition(db, field, filter)}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The next values to (re)seal after `after` in primary-key order. */
export async function pendingBatch(
  db: Queryable,
  field: SealedField,
  filter: PendingFilter,
  after: string | number | null,
  limit: number,
): Promise<StoredValue[]> {
  const pk = quote(db, field.primaryKey);
  const where = [pendingCondition(db, field, filter)];
  if (after !== null) where.push(`${pk} > :after`);
  const [sql, parameters] = driverOf(db).escapeQueryWithParameters(
    `SELECT ${pk} AS pk, ${quote(db, field.column)} AS value FROM ${quote(db, field.table)}
      WHERE ${where.join(' AND ')} ORDER BY ${pk} LIMIT ${Math.trunc(limit)}`,
    { after },
  );
  return db.query<StoredValue[]>(sql, parameters);
}

/** Compare-and-set: a value changed since it was read (an edit) is left alone, it is already sealed. */
export async function replaceValue(
  db: EntityManager,
  field: SealedField,
  pk: string | number,
  old: string,
  sealed: string,
): Promise<void> {
  const column = quote(db, field.column);
  const [sql, parameters] = driverOf(db).escapeQueryWithParameters(
    `UPDATE ${quote(db, field.table)} SET ${column} = :sealed
      WHERE ${quote(db, field.primaryKey)} = :pk AND ${column} = :old`,
    { sealed, pk, old },
  );
  await db.query(sql, parameters);
}

function driverOf(db: Queryable): Driver {
  return db instanceof DataSource ? db.driver : db.connection.driver;
}

function quote(db: Queryable, name: string): string {
  return driverOf(db).escape(name);
}
