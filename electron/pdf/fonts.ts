import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Noto Sans CJK SC cut to GB 2312 (resources/fonts/README.md says how and why). */
export const CJK_FONT_FILE = 'NotoSansSC-Regular-GB2312.otf';
const CJK_FONT = 'cjk';

export class FontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontError';
  }
}

export function cjkFontPath(resourcesDir: string): string {
  const path = join(resourcesDir, 'fonts', CJK_FONT_FILE);
  if (!existsSync(path)) {
    throw new FontError(
      `${path} is missing: printed records need it for Chinese text (see resources/fonts/README.md)`,
    );
  }
  return path;
}

/**
 * Makes the CJK face the document's font for all text: it carries Latin
 * letters and digits too, so a record never mixes faces mid-line. pdfkit
 * embeds only the glyphs used, so a one-page record stays small.
 */
export function setCjkFont(doc: PDFKit.PDFDocument, resourcesDir: string): void {
  doc.registerFont(CJK_FONT, cjkFontPath(resourcesDir));
  doc.font(CJK_FONT);
}
