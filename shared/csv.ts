/**
 * CSV export (RFC 4180) safe to open in a spreadsheet: a cell starting with = + - @ (or a tab or carriage
 * return) is a formula to Excel and LibreOffice, so it is neutralised with a leading apostrophe (OWASP "CSV
 * injection"). Numbers are written as numbers (a negative number is data, not a formula).
 */
export type CsvCell = string | number | null;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
