import { type FileHandle, open } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Compression, type DecompressFunc, PMTiles, type Source, TileType } from 'pmtiles';
import { plainVectorTile, type TileFile, TileFileError, type TileFormat, vectorLayerIds } from './tile-file';

const FORMATS: Partial<Record<TileType, TileFormat>> = {
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
  [TileType.Avif]: 'avif',
  [TileType.Mvt]: 'pbf',
};

const arrayBufferOf = (bytes: Buffer): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** The archive read from a local file: the pmtiles reader asks for byte ranges, we answer from disk. */
class LocalFileSource implements Source {
  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
  ) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number) {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    return { data: arrayBufferOf(buffer.subarray(0, bytesRead)) };
  }
}

/** Node's zlib rather than the reader's default, which brings no brotli. */
const decompress: DecompressFunc = async (data, compression) => {
  if (compression === Compression.None || compression === Compression.Unknown) return data;
  if (compression === Compression.Gzip) return arrayBufferOf(gunzipSync(Buffer.from(data)));
  if (compression === Compression.Brotli) return arrayBufferOf(brotliDecompressSync(Buffer.from(data)));
  throw new Error('zstd-compressed archives are not supported; convert with `pmtiles convert`');
};

/** A PMTiles v3 archive on disk, through the pmtiles package's reader. */
export async function openPmtiles(path: string): Promise<TileFile> {
  const handle = await open(path, 'r');
  try {
    const archive = new PMTiles(new LocalFileSource(handle, path), undefined, decompress);
    const header = await archive.getHeader();
    const format = FORMATS[header.tileType as TileType];
    if (!format)
      throw new TileFileError(
        `map file ${path}: holds tiles of a kind the map cannot draw (${header.tileType})`,
      );
    const metadata = (await archive.getMetadata().catch(() => ({}))) as Record<string, unknown>;
    const bounded = header.minLon < header.maxLon && header.minLat < header.maxLat;
    return {
      path,
      info: {
        format,
        minZoom: header.minZoom,
        maxZoom: header.maxZoom,
        bounds: bounded ? [header.minLon, header.minLat, header.maxLon, header.maxLat] : null,
        attribution: typeof metadata.attribution === 'string' ? metadata.attribution : '',
        vectorLayers: format === 'pbf' ? vectorLayerIds(metadata.vector_layers) : [],
      },
      async tile(z, x, y) {
        const found = await archive.getZxy(z, x, y);
        if (!found) return null;
        const data = Buffer.from(found.data);
        return format === 'pbf' ? plainVectorTile(data) : data;
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
