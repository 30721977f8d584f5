import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

/** The text of an exported PDF as poppler's pdftotext reads it (the file is written to `dir` first). */
export function pdfText(dir: string, name: string, bytes: Buffer): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Every sheet's name and every cell's text of an exported workbook, one per line, in sheet and row order. */
export async function xlsxText(bytes: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as Parameters<typeof book.xlsx.load>[0]);
  const lines: string[] = [];
  book.eachSheet((sheet) => {
    lines.push(sheet.name);
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        lines.push(cell.text);
      });
    });
  });
  return lines.join('\n');
}
