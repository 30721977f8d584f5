import { formatInZone } from '../../shared/handover/format';
import type { CellKind, ExportDocument } from './tables';

const NUM_FMT: Readonly<Record<CellKind, string | undefined>> = {
  text: undefined,
  time: undefined,
  int: '0',
  num2: '0.00',
  number: undefined,
  percent: '0.00%',
  hours: '0.00',
  minutes: '0.0',
};

/** The number a spreadsheet cell holds for a report cell: hours and minutes are converted, shares stay fractions. */
function cellValue(value: string | number | null, kind: CellKind, timeZone: string): string | number | null {
  if (value === null || typeof value === 'string') return value;
  if (kind === 'hours') return value / 3_600_000;
  if (kind === 'minutes') return value / 60_000;
  // A time as text in the report's zone: a spreadsheet date has no zone and would shift.
  if (kind === 'time') return formatInZone(value, timeZone);
  return value;
}

/** Excel refuses sheet names over 31 characters, with []:*?/\, or twice the same. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 28) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const ABNORMAL = 'FF9B1C1C';

/**
 * The document as a workbook: a first sheet with the title, period and the
 * sources of every table, then one sheet per table with a bold header row,
 * numbers as numbers (kWh, counts, shares as percentages) and the rows that
 * miss a target in red.
 */
export async function documentXlsx(
  doc: ExportDocument,
  sourcesTitle: string,
  madeAt?: number,
): Promise<Buffer> {
  // Loaded on the first export, not at start: exceljs took about 0.4 s of the desk's cold start.
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  book.creator = 'DutyDesk';
  book.title = doc.title;
  // The desk's time, not the machine's: the same report made at the same desk moment is the same file.
  if (madeAt !== undefined) book.created = book.modified = new Date(madeAt);
  const taken = new Set<string>();
  const about = book.addWorksheet(sheetName(doc.title, taken));
  about.getColumn(1).width = 120;
  about.addRow([doc.title]).font = { bold: true, size: 14 };
  for (const line of doc.lines) about.addRow([line]);
  about.addRow([]);
  about.addRow([sourcesTitle]).font = { bold: true };
  for (const table of doc.tables)
    for (const note of table.notes.filter(Boolean)) about.addRow([`${table.title}: ${note}`]);

  for (const table of doc.tables) {
    const sheet = book.addWorksheet(sheetName(table.sheet, taken), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((c, i) => ({
      header: c.label,
      key: String(i),
      width: Math.min(60, Math.max(10, c.label.length * 1.6)),
      ...(NUM_FMT[c.kind] ? { style: { numFmt: NUM_FMT[c.kind] } } : {}),
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3E6E9' } };
    for (const row of table.rows) {
      const added = sheet.addRow(
        row.cells.map((cell, i) => cellValue(cell, table.columns[i]?.kind ?? 'text', doc.timeZone)),
      );
      if (row.abnormal) added.font = { color: { argb: ABNORMAL } };
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
