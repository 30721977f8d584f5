import { cellText } from './format';
import type { ExportDocument } from './tables';

const BOM = '\uFEFF';

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The document as one CSV file: the title and period lines, then each table
 * as its title line, a header row and its rows, with a blank line between
 * tables and every table's sources at the end. UTF-8 with a byte-order mark,
 * so spreadsheet programs read the Chinese names right.
 */
export function documentCsv(doc: ExportDocument, sourcesTitle: string): Buffer {
  const lines: string[] = [csvField(doc.title), ...doc.lines.map(csvField), ''];
  for (const table of doc.tables) {
    lines.push(csvField(table.title));
    lines.push(table.columns.map((c) => csvField(c.label)).join(','));
    for (const row of table.rows) {
      lines.push(
        row.cells
          .map((cell, i) => csvField(cellText(cell, table.columns[i]?.kind ?? 'text', doc.timeZone, '')))
          .join(','),
      );
    }
    lines.push('');
  }
  const notes = doc.tables.flatMap((t) => t.notes.filter(Boolean).map((n) => `${t.title}: ${n}`));
  if (notes.length > 0) lines.push(csvField(sourcesTitle), ...notes.map(csvField), '');
  return Buffer.from(BOM + lines.join('\r\n'), 'utf8');
}
