import { open } from 'node:fs/promises';
import { openMbtiles } from './mbtiles';
import { openPmtiles } from './pmtiles';
import { type TileFile, TileFileError } from './tile-file';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const PMTILES_MAGIC = Buffer.from('PMTiles', 'latin1');

/**
 * Opens an MBTiles (SQLite) or PMTiles file, told apart by their first
 * bytes rather than the name. Throws TileFileError for a file that is
 * missing, unreadable, of another kind, or whose index cannot be read.
 */
export async function openTileFile(path: string): Promise<TileFile> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      head = Buffer.alloc(16);
      const { bytesRead } = await handle.read(head, 0, 16, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TileFileError(
      code === 'ENOENT' ? `map file ${path}: not found` : `map file ${path}: cannot be read (${code})`,
      { cause: error },
    );
  }
  try {
    if (head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return openMbtiles(path);
    if (head.subarray(0, PMTILES_MAGIC.length).equals(PMTILES_MAGIC)) return await openPmtiles(path);
  } catch (error) {
    if (error instanceof TileFileError) throw error;
    throw new TileFileError(`map file ${path}: ${(error as Error).message}`, { cause: error });
  }
  throw new TileFileError(`map file ${path}: neither an MBTiles (SQLite) nor a PMTiles file`);
}
