import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Renders page 1 of a PDF at 50 dpi with poppler's pdftoppm into `dir` and
 * reads back the PNG's signature and pixel size, so a test can check that the
 * page draws at all and in which orientation.
 */
export function firstPageAt50Dpi(
  pdfFile: string,
  dir: string,
): { signature: string; width: number; height: number } {
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '50',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdfFile,
    join(dir, 'page1'),
  ]);
  const png = readFileSync(join(dir, 'page1.png'));
  return {
    signature: png.subarray(1, 4).toString(),
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
  };
}
