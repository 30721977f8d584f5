import { gunzipSync } from 'node:zlib';

/** How the tiles of a file are encoded; pbf is Mapbox vector tiles. */
export type TileFormat = 'png' | 'jpg' | 'webp' | 'avif' | 'pbf';

export type TileFileInfo = {
  format: TileFormat;
  minZoom: number;
  maxZoom: number;
  /** West, south, east, north; null when the file does not say. */
  bounds: [number, number, number, number] | null;
  attribution: string;
  /** Layer ids of a vector file, from its metadata. */
  vectorLayers: string[];
};

export type TileFile = {
  readonly path: string;
  readonly info: TileFileInfo;
  /** The tile's bytes as the browser takes them (vector tiles un-gzipped), or null if the file has none there. */
  tile(z: number, x: number, y: number): Promise<Buffer | null>;
  close(): Promise<void>;
};

/** The operator's tile file cannot be used; the message names the file and what is wrong with it. */
export class TileFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TileFileError';
  }
}

export const CONTENT_TYPES: Readonly<Record<TileFormat, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  pbf: 'application/x-protobuf',
};

/** Mapbox vector tiles are usually stored gzipped; maplibre wants them plain. */
export function plainVectorTile(data: Buffer): Buffer {
  return data.length > 2 && data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data;
}

/** The format an image tile's first bytes give away, for files whose metadata does not say. */
export function sniffFormat(data: Buffer): TileFormat {
  if (data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpg';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'webp';
  return 'pbf';
}

/** Layer ids from a TileJSON `vector_layers` list; anything malformed is skipped. */
export function vectorLayerIds(layers: unknown): string[] {
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((layer: unknown) => {
    const id = (layer as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id.length > 0 && id.length <= 100 ? [id] : [];
  });
}
