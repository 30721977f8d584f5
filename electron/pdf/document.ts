import { setCjkFont } from './fonts';

export type PrintedDocument = { doc: PDFKit.PDFDocument; done: Promise<Buffer> };

/**
 * Print is grey like the desk: ink, muted text and rules in greys; only
 * what is abnormal (a missed target, an unsigned record) is dark red, and
 * says so in words as well.
 */
export const PRINT = { ink: '#111111', muted: '#555555', rule: '#999999', abnormal: '#9b1c1c' } as const;

/**
 * An A4 document with the CJK font set, collected in memory: records are a
 * few pages, and the caller decides where the bytes go. Call `doc.end()`,
 * then await `done`. PDFKit (with fontkit and brotli) is loaded on the first
 * print, not at start: loading it took about 0.15 s of the desk's cold start.
 */
export async function printedDocument(
  resourcesDir: string,
  info: { title: string; subject?: string },
  /** Wide tables (reports) print across the page. */
  layout: 'portrait' | 'landscape' = 'portrait',
): Promise<PrintedDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout,
    margin: 48,
    bufferPages: true,
    info: { Title: info.title, Subject: info.subject ?? '', Producer: 'DutyDesk', Creator: 'DutyDesk' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  setCjkFont(doc, resourcesDir);
  return { doc, done };
}

/**
 * Stamps "page n / N" and a footer line on every page, and `band` (the demo
 * desk's marking) across the top of each; call before `doc.end()`.
 */
export function stampPages(
  doc: PDFKit.PDFDocument,
  footer: (page: number, pages: number) => string,
  band: string | null = null,
): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    if (band) bandAcross(doc, band);
    const bottom = doc.page.height - doc.page.margins.bottom + 16;
    const { left, right } = doc.page.margins;
    // Writing below the bottom margin would make pdfkit add a page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor(PRINT.muted)
      .text(footer(i - range.start + 1, range.count), left, bottom, {
        width: doc.page.width - left - right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
}

/** A dark strip with the marking in white, in the top margin, where no content goes. */
function bandAcross(doc: PDFKit.PDFDocument, text: string): void {
  const top = doc.page.margins.top;
  const height = 18;
  const y = Math.max(4, top - height - 8);
  doc.page.margins.top = 0;
  doc.save().rect(0, y, doc.page.width, height).fill(PRINT.ink).restore();
  doc
    .fontSize(9)
    .fillColor('#ffffff')
    .text(text, 0, y + 4, { width: doc.page.width, align: 'center', lineBreak: false });
  doc.page.margins.top = top;
}
