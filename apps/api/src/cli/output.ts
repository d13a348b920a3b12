/** Plain aligned columns: readable in a terminal and in cron mail, no box drawing to garble. */
export function table(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = [
    headers,
    ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell)))),
  ];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  if (rows.length === 0) return `${line(headers)}\n(none)\n`;
  return `${cells.map(line).join('\n')}\n`;
}

/** `label: value` lines with the labels aligned. */
export function fields(entries: Array<[string, string | number | boolean | null | undefined]>): string {
  const width = Math.max(...entries.map(([label]) => label.length));
  return `${entries.map(([label, value]) => `${`${label}:`.padEnd(width + 1)} ${value ?? '-'}`).join('\n')}\n`;
}

export function bytes(count: number): string {
  if (count < 1024) return `${count} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = count / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** ISO instant shortened to the minute, in UTC as stored: `2026-11-29 10:15Z`. */
export function when(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : '-';
}
