import type { Cell } from './columns';

/** A CSV as records of fields (RFC 4180: quoted fields may hold commas, quotes as "" and line breaks). */
export type CsvRecords = string[][];

export class CsvError extends Error {}

/** Parses CSV text; a leading byte-order mark is dropped. An unterminated quote is an error, not a guess. */
export function parseCsv(text: string): CsvRecords {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecords = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) throw new CsvError(`a quoted field opened on line ${quoteLine} is never closed`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * A text a spreadsheet would run as a formula when the CSV is opened (=, +,
 * -, @, tab, CR) gets a leading apostrophe, which `cellOfCsv` takes off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvText(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A field as read back: the apostrophe an export put before a formula-like text comes off. */
export function cellOfCsv(field: string): Cell {
  if (field === '') return null;
  return field.startsWith("'") && FORMULA_START.test(field.slice(1)) ? field.slice(1) : field;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Rows as CSV with CRLF line ends and a byte-order mark, so Excel opens the Chinese text as UTF-8. */
export function formatCsv(rows: readonly (readonly Cell[])[]): string {
  return `\ufeff${rows.map((row) => row.map((cell) => quote(csvText(cell))).join(',')).join('\r\n')}\r\n`;
}
