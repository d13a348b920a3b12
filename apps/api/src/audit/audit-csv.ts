import type { AuditEntry } from '@atrio/protocol';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actorId',
  'actorName',
  'action',
  'target',
  'outcome',
  'ip',
  'details',
  'prevHash',
  'hash',
] as const;

/** Excel reads a UTF-8 file as the local code page unless it starts with a byte-order mark. */
export const CSV_BOM = '\uFEFF';

/**
 * One RFC 4180 cell. Text a spreadsheet would run as a formula (= + - @, or a leading tab or CR)
 * gets a leading apostrophe: an attempted username like `=HYPERLINK(...)` must stay text.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: ReadonlyArray<string | number | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function auditCsvHeader(): string {
  return CSV_BOM + csvLine(AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(entry: AuditEntry): string {
  return csvLine(
    AUDIT_CSV_COLUMNS.map((column) => {
      const value = entry[column];
      return column === 'details' ? JSON.stringify(value) : (value as string | number | null);
    }),
  );
}
