import Database from 'better-sqlite3';
import {
  plainVectorTile,
  sniffFormat,
  type TileFile,
  TileFileError,
  type TileFormat,
  vectorLayerIds,
} from './tile-file';

const FORMATS: Readonly<Record<string, TileFormat>> = {
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
  webp: 'webp',
  pbf: 'pbf',
  mvt: 'pbf',
};

function parseBounds(text: string | undefined): [number, number, number, number] | null {
  const parts = (text ?? '').split(',').map((part) => Number(part.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite)) return null;
  const [west, south, east, north] = parts as [number, number, number, number];
  return west < east && south < north ? [west, south, east, north] : null;
}

function zoomOf(text: string | undefined): number | null {
  const zoom = Number(text);
  return text !== undefined && Number.isInteger(zoom) && zoom >= 0 && zoom <= 22 ? zoom : null;
}

/** The `vector_layers` of the metadata's `json` entry, which names the layers of a vector file. */
function layersOfJson(json: string | undefined): unknown {
  try {
    return json ? (JSON.parse(json) as { vector_layers?: unknown }).vector_layers : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An MBTiles file (a SQLite database: metadata and tiles tables), opened
 * read-only. Its rows count from the south (TMS), so y is flipped.
 */
export function openMbtiles(path: string): TileFile {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new TileFileError(`map file ${path}: cannot be opened (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')");
    if (!hasTable.get('tiles'))
      throw new TileFileError(`map file ${path}: an SQLite file without a tiles table`);
    const metadata = new Map<string, string>();
    if (hasTable.get('metadata')) {
      for (const row of db.prepare('SELECT name, value FROM metadata').all() as {
        name: unknown;
        value: unknown;
      }[])
        if (typeof row.name === 'string' && typeof row.value === 'string') metadata.set(row.name, row.value);
    }
    const range = db.prepare('SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max FROM tiles').get() as {
      min: number | null;
      max: number | null;
    };
    if (range.min === null || range.max === null) throw new TileFileError(`map file ${path}: holds no tiles`);
    const declared = FORMATS[(metadata.get('format') ?? '').toLowerCase()];
    const first = db.prepare('SELECT tile_data FROM tiles LIMIT 1').pluck().get() as Buffer;
    const format = declared ?? sniffFormat(first);
    const read = db
      .prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?')
      .pluck();
    return {
      path,
      info: {
        format,
        minZoom: zoomOf(metadata.get('minzoom')) ?? range.min,
        maxZoom: zoomOf(metadata.get('maxzoom')) ?? range.max,
        bounds: parseBounds(metadata.get('bounds')),
        attribution: metadata.get('attribution') ?? '',
        vectorLayers: format === 'pbf' ? vectorLayerIds(layersOfJson(metadata.get('json'))) : [],
      },
      async tile(z, x, y) {
        const data = read.get(z, x, 2 ** z - 1 - y) as Buffer | undefined;
        if (!data) return null;
        return format === 'pbf' ? plainVectorTile(data) : data;
      },
      async close() {
        db.close();
      },
    };
  } catch (error) {
    db.close();
    if (error instanceof TileFileError) throw error;
    throw new TileFileError(`map file ${path}: not a readable MBTiles file (${(error as Error).message})`, {
      cause: error,
    });
  }
}
