import PDFDocument from 'pdfkit';
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
 * then await `done`.
 */
export function printedDocument(
  resourcesDir: string,
  info: { title: string; subject?: string },
  /** Wide tables (reports) print across the page. */
  layout: 'portrait' | 'landscape' = 'portrait',
): PrintedDocument {
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

/** Stamps "page n / N" and a footer line on every page; call before `doc.end()`. */
export function stampPages(doc: PDFKit.PDFDocument, footer: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
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
