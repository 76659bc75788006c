// CSV for spreadsheets. A text cell a spreadsheet would read as a formula (=, +, -, @, or a
// tab or carriage return first, also after leading spaces) gets a leading single quote, as
// OWASP recommends against CSV injection. Only text is neutralised: numbers are written as
// numbers, so a negative metric stays a number a spreadsheet can sum.

// eslint-disable-next-line no-control-regex -- a control character first is suspect, whatever it is
const FORMULA_START = /^(?:[\u0000-\u001f]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

/** Text that a spreadsheet would not evaluate: prefixed with `'` when it could start a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvValue = string | number | null | undefined;

/** One cell: empty for no value, numbers as they are, text neutralised and quoted when needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLines(rows: CsvValue[][]): string {
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
