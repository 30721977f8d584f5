import { PRINT, printedDocument, stampPages } from '../pdf/document';
import { cellText, isNumeric } from './format';
import type { ExportDocument, ExportTable } from './tables';

/** Table layout, in points and shares of the usable width. */
const LAYOUT = {
  pad: 3,
  font: 8,
  minFont: 6,
  /** Columns are sized from this many rows: enough to see the widths, cheap on a table of thousands. */
  measureRows: 300,
  /** Longer text (bases, sources, summaries) wraps inside its column instead of widening it past this share. */
  maxColumnShare: 0.34,
  /** Columns at most this wide are never squeezed: codes, names of a few characters. */
  shortColumn: 60,
  /** Text columns wrap down to this share of their natural width before the font gets smaller. */
  minFlexShare: 0.45,
} as const;

type Doc = PDFKit.PDFDocument;

/** `text` cut with an ellipsis to fit `width` at the current font size. */
function truncated(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/**
 * Column widths and font size for a table: every column gets its natural
 * width when the page has room; otherwise numbers and short columns keep
 * theirs and the long text columns share what is left and wrap, and only
 * when even that does not fit does the font shrink.
 */
function layout(doc: Doc, t: ExportTable, texts: string[][], usable: number) {
  for (let size = LAYOUT.font; ; size -= 0.5) {
    doc.fontSize(size);
    const natural = t.columns.map((c, i) => {
      // A long heading may take two lines; a short one and the cells' text set the width.
      const heading = doc.widthOfString(c.label);
      let w = heading <= LAYOUT.shortColumn ? heading : heading / 2;
      for (const row of texts.slice(0, LAYOUT.measureRows)) w = Math.max(w, doc.widthOfString(row[i] ?? ''));
      return Math.min(w + 2 * LAYOUT.pad, usable * LAYOUT.maxColumnShare);
    });
    const sum = natural.reduce((a, b) => a + b, 0);
    if (sum <= usable) return { size, widths: roomForHeadings(doc, t, natural, usable - sum) };
    const fixed = natural.map((w, i) => isNumeric(t.columns[i]?.kind ?? 'text') || w <= LAYOUT.shortColumn);
    const fixedSum = natural.reduce((a, w, i) => a + (fixed[i] ? w : 0), 0);
    const flexSum = sum - fixedSum;
    const room = usable - fixedSum;
    if ((room > 0 && room >= flexSum * LAYOUT.minFlexShare) || size <= LAYOUT.minFont) {
      const share = Math.max(0, room) / flexSum;
      return { size, widths: natural.map((w, i) => (fixed[i] ? w : w * share)) };
    }
  }
}

/** Spare width goes to the columns whose heading would otherwise wrap, so headings read on one line where they can. */
function roomForHeadings(doc: Doc, t: ExportTable, widths: number[], spare: number): number[] {
  const wanted = t.columns.map((c, i) =>
    Math.max(0, doc.widthOfString(c.label) + 2 * LAYOUT.pad - (widths[i] ?? 0)),
  );
  const total = wanted.reduce((a, b) => a + b, 0);
  const share = total > 0 ? Math.min(1, spare / total) : 0;
  return widths.map((w, i) => w + (wanted[i] ?? 0) * share);
}

function table(doc: Doc, t: ExportTable, timeZone: string, empty: string): void {
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const texts = t.rows.map((r) =>
    r.cells.map((c, i) => cellText(c, t.columns[i]?.kind ?? 'text', timeZone, empty)),
  );

  const { size, widths } = layout(doc, t, texts, usable);
  const lineHeight = size * 1.35;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 4;

  const heading = () => {
    doc.fontSize(size).fillColor(PRINT.ink);
    let x = left;
    let height = lineHeight;
    t.columns.forEach((c, i) => {
      const w = widths[i] ?? 0;
      height = Math.max(height, doc.heightOfString(c.label, { width: w - 2 * LAYOUT.pad }) + 2);
    });
    const y = doc.y;
    t.columns.forEach((c, i) => {
      const w = widths[i] ?? 0;
      doc.text(c.label, x + LAYOUT.pad, y + 1, { width: w - 2 * LAYOUT.pad });
      x += w;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + usable, y + height)
      .lineWidth(0.6)
      .strokeColor(PRINT.rule)
      .stroke();
    doc.y = y + height + 2;
  };

  doc.fontSize(11).fillColor(PRINT.ink);
  if (doc.y + 4 * lineHeight + 16 > bottom()) doc.addPage();
  doc.text(t.title, left, doc.y, { width: usable });
  doc.moveDown(0.2);
  heading();
  t.rows.forEach((row, r) => {
    doc.fontSize(size);
    const cells = texts[r] ?? [];
    // Only text longer than its column wraps; everything else is one line, drawn without the line wrapper.
    const wraps = cells.map(
      (s, i) =>
        !isNumeric(t.columns[i]?.kind ?? 'text') && doc.widthOfString(s) > (widths[i] ?? 0) - 2 * LAYOUT.pad,
    );
    let height = lineHeight;
    cells.forEach((s, i) => {
      if (wraps[i])
        height = Math.max(height, doc.heightOfString(s, { width: (widths[i] ?? 0) - 2 * LAYOUT.pad }) + 2);
    });
    if (doc.y + height > bottom()) {
      doc.addPage();
      heading();
      doc.fontSize(size);
    }
    const y = doc.y;
    doc.fillColor(row.abnormal ? PRINT.abnormal : PRINT.ink);
    let x = left;
    cells.forEach((s, i) => {
      const w = widths[i] ?? 0;
      if (wraps[i]) doc.text(s, x + LAYOUT.pad, y, { width: w - 2 * LAYOUT.pad });
      else if (isNumeric(t.columns[i]?.kind ?? 'text')) {
        const shown = truncated(doc, s, w - 2 * LAYOUT.pad);
        doc.text(shown, x + w - LAYOUT.pad - doc.widthOfString(shown), y, { lineBreak: false });
      } else doc.text(truncated(doc, s, w - 2 * LAYOUT.pad), x + LAYOUT.pad, y, { lineBreak: false });
      x += w;
    });
    doc.y = y + height;
  });
  doc
    .moveTo(left, doc.y + 1)
    .lineTo(left + usable, doc.y + 1)
    .lineWidth(0.3)
    .strokeColor(PRINT.rule)
    .stroke();
  doc.y += 4;
  for (const note of t.notes.filter(Boolean)) {
    if (doc.y + lineHeight > bottom()) doc.addPage();
    doc
      .fontSize(LAYOUT.minFont + 0.5)
      .fillColor(PRINT.muted)
      .text(note, left, doc.y, { width: usable });
  }
  doc.moveDown(0.8);
}

/**
 * The document as A4 pages, in the shipped CJK font so station names and
 * headings print as written; "page n / N" and the print time on every page.
 */
export async function documentPdf(
  exported: ExportDocument,
  resourcesDir: string,
  labels: { empty: string; footer: (page: number, pages: number) => string; band?: string | null },
): Promise<Buffer> {
  const { doc, done } = await printedDocument(resourcesDir, { title: exported.title }, 'landscape');
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(17).fillColor(PRINT.ink).text(exported.title, left, doc.y, { width: usable });
  doc.moveDown(0.2);
  for (const line of exported.lines)
    doc.fontSize(9).fillColor(PRINT.muted).text(line, left, doc.y, { width: usable });
  doc.moveDown(0.8);
  for (const t of exported.tables) table(doc, t, exported.timeZone, labels.empty);
  stampPages(doc, labels.footer, labels.band ?? null);
  doc.end();
  return done;
}
