/**
 * CSV cells that are safe to open in a spreadsheet (issue 17). A cell starting with = + - @ (or a tab or
 * carriage return) is run as a formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP);
 * every CSV the app writes goes through {@link csvCell}, which neutralises such a cell by a leading
 * apostrophe (shown by spreadsheets as text, not run) and quotes it as RFC 4180 requires. The import
 * flags such text with {@link isFormulaLike}, so it never enters the database in the first place.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a spreadsheet would treat this text as a formula. */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

/** One CSV cell: neutralised if formula-like, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && isFormulaLike(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV line (CRLF, as RFC 4180 and spreadsheets expect). */
export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
