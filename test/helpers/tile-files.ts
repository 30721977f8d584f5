import { writeFileSync } from 'node:fs';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import Database from 'better-sqlite3';
import { zxyToTileId } from 'pmtiles';

/**
 * Real tile files for the map tests, made here rather than shipped: PNG
 * tiles of one colour, an MBTiles file written with SQLite as the spec lays
 * it out, and a PMTiles v3 archive written byte by byte.
 */

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A size×size PNG of one RGB colour. */
export function pngTile([r, g, b]: readonly [number, number, number], size = 256): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set([r, g, b], 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export type XyzTile = { z: number; x: number; y: number; data: Buffer };

/** A gzipped Mapbox vector tile holding these GeoJSON layers, cut to tile z/x/y as a tile server would. */
export function vectorTile(
  layers: Record<string, Parameters<typeof geoJSONToTile>[0]>,
  z: number,
  x: number,
  y: number,
): Buffer {
  const tiles = Object.fromEntries(
    Object.entries(layers).map(([name, data]) => [name, geoJSONToTile(data, z, x, y, { extent: 4096 })]),
  );
  return gzipSync(fromGeojsonVt(tiles, { version: 2, extent: 4096 }));
}

/** Every tile of zooms 0…maxZoom, or those `keep` lets through. */
export function allTiles(
  maxZoom: number,
  data: (z: number, x: number, y: number) => Buffer,
  keep: (z: number, x: number, y: number) => boolean = () => true,
): XyzTile[] {
  const tiles: XyzTile[] = [];
  for (let z = 0; z <= maxZoom; z++)
    for (let x = 0; x < 2 ** z; x++)
      for (let y = 0; y < 2 ** z; y++) if (keep(z, x, y)) tiles.push({ z, x, y, data: data(z, x, y) });
  return tiles;
}

/** An MBTiles 1.3 file: the metadata table and the tiles table, rows counted from the south (TMS). */
export function writeMbtiles(
  path: string,
  metadata: Record<string, string>,
  tiles: readonly XyzTile[],
): void {
  const db = new Database(path);
  try {
    db.exec(`CREATE TABLE metadata (name TEXT, value TEXT);
      CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);`);
    const meta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    const tile = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (const [name, value] of Object.entries(metadata)) meta.run(name, value);
      for (const t of tiles) tile.run(t.z, t.x, 2 ** t.z - 1 - t.y, t.data);
    })();
  } finally {
    db.close();
  }
}

function varints(values: readonly number[]): Buffer {
  const bytes: number[] = [];
  for (let value of values) {
    while (value >= 0x80) {
      bytes.push((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    bytes.push(value);
  }
  return Buffer.from(bytes);
}

/** PMTiles tile types (spec v3). */
export const PMTILES_TYPE = { mvt: 1, png: 2, jpeg: 3, webp: 4 } as const;

/**
 * A PMTiles v3 archive: 127-byte header, an uncompressed root directory,
 * JSON metadata and the tiles, each tile stored once (no run lengths).
 */
export function writePmtiles(
  path: string,
  options: {
    tileType: number;
    /** 1 none, 2 gzip (of the tiles; the directory and metadata stay uncompressed). */
    tileCompression?: number;
    bounds: [number, number, number, number];
    metadata: Record<string, unknown>;
    tiles: readonly XyzTile[];
  },
): void {
  const entries = options.tiles
    .map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data }))
    .sort((a, b) => a.id - b.id);
  let offset = 0;
  const placed = entries.map((e) => {
    const at = offset;
    offset += e.data.length;
    return { ...e, at };
  });
  const directory = Buffer.concat([
    varints([placed.length]),
    varints(placed.map((e, i) => e.id - (i > 0 ? (placed[i - 1]?.id ?? 0) : 0))),
    varints(placed.map(() => 1)),
    varints(placed.map((e) => e.data.length)),
    varints(placed.map((e) => e.at + 1)),
  ]);
  const metadata = Buffer.from(JSON.stringify(options.metadata));
  const data = Buffer.concat(placed.map((e) => e.data));
  const zooms = options.tiles.map((t) => t.z);
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
  const rootAt = 127;
  const metadataAt = rootAt + directory.length;
  const dataAt = metadataAt + metadata.length;
  u64(rootAt, 8);
  u64(directory.length, 16);
  u64(metadataAt, 24);
  u64(metadata.length, 32);
  u64(dataAt, 40);
  u64(0, 48);
  u64(dataAt, 56);
  u64(data.length, 64);
  u64(placed.length, 72);
  u64(placed.length, 80);
  u64(placed.length, 88);
  header.writeUInt8(0, 96);
  header.writeUInt8(1, 97);
  header.writeUInt8(options.tileCompression ?? 1, 98);
  header.writeUInt8(options.tileType, 99);
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  const [west, south, east, north] = options.bounds;
  header.writeInt32LE(Math.round(west * 1e7), 102);
  header.writeInt32LE(Math.round(south * 1e7), 106);
  header.writeInt32LE(Math.round(east * 1e7), 110);
  header.writeInt32LE(Math.round(north * 1e7), 114);
  header.writeUInt8(Math.min(...zooms), 118);
  header.writeInt32LE(Math.round(((west + east) / 2) * 1e7), 119);
  header.writeInt32LE(Math.round(((south + north) / 2) * 1e7), 123);
  writeFileSync(path, Buffer.concat([header, directory, metadata, data]));
}
