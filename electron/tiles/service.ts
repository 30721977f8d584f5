import { isAbsolute, resolve } from 'node:path';
import type { MapSource } from '../../shared/api/map';
import type { MapConfig } from '../../shared/config/schema';
import type { Logger } from '../log/logger';
import { fetchTile } from './online';
import { openTileFile } from './open-file';
import { type TileCoordinates, type TileResult, tileCoordinates } from './result';
import { CONTENT_TYPES, type TileFile } from './tile-file';

/** A tile server slower than this is treated as down: the map falls back rather than waits. */
const TILE_TIMEOUT_MS = 5000;
/** A file that could not be opened is tried again after this long: the operator may be copying it in. */
const REOPEN_AFTER_MS = 30_000;

/** maplibre renders attribution as HTML; an operator's file or config gets plain text only. */
function plainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .trim()
    .slice(0, 300);
}

type Opened = { file: Promise<TileFile>; failedAt: number | null };

export type TileService = {
  /** Takes the map settings of a (new) configuration; relative file paths are taken from `baseDir`. */
  configure(map: MapConfig | undefined, baseDir: string): void;
  source(): Promise<MapSource>;
  /** One tile by the coordinates of a request path; never throws. */
  tile(parts: Readonly<Record<string, string | undefined>>): Promise<TileResult>;
  close(): Promise<void>;
};

/**
 * The desk's map tiles: fetched from the online template, or read from the
 * operator's MBTiles/PMTiles file, for both shells. The file is opened once
 * and kept open until the configuration names another.
 */
export function createTileService(log: Logger, now: () => number = Date.now): TileService {
  let map: MapConfig | undefined;
  let path: string | null = null;
  let opened: Opened | null = null;

  const closeFile = (entry: Opened | null) => {
    void entry?.file.then(
      (file) => file.close(),
      () => undefined,
    );
  };

  function file(): Promise<TileFile> | null {
    if (!path) return null;
    if (opened && (opened.failedAt === null || now() - opened.failedAt < REOPEN_AFTER_MS)) return opened.file;
    const entry: Opened = { file: openTileFile(path), failedAt: null };
    entry.file.then(
      (tiles) =>
        log.info(
          `map file ${path}: ${tiles.info.format} tiles, zoom ${tiles.info.minZoom}–${tiles.info.maxZoom}`,
        ),
      (error: unknown) => {
        entry.failedAt = now();
        log.warn(`${(error as Error).message}; the map falls back to the offline basemap`);
      },
    );
    opened = entry;
    return entry.file;
  }

  async function fromFile(coordinates: TileCoordinates, tiles: Promise<TileFile>): Promise<TileResult> {
    let file: TileFile;
    try {
      file = await tiles;
    } catch (error) {
      return { ok: false, status: 502, error: (error as Error).message };
    }
    const { z, x, y } = coordinates;
    try {
      const body = await file.tile(z, x, y);
      const type = CONTENT_TYPES[file.info.format];
      if (body) return { ok: true, type, body };
      // Vector archives leave out empty tiles (open sea) on purpose; an image hole is a gap in the map.
      if (file.info.format === 'pbf') return { ok: true, type, body: Buffer.alloc(0) };
      // Not 404: maplibre takes that for "nothing here" and quietly stretches a coarser tile over the hole.
      // A failed tile makes the map fall back to the offline basemap and say so, as for online tiles.
      return { ok: false, status: 502, error: `map file ${file.path} has no tile ${z}/${x}/${y}` };
    } catch (error) {
      return {
        ok: false,
        status: 502,
        error: `map file ${file.path}: tile ${z}/${x}/${y} cannot be read (${(error as Error).message})`,
      };
    }
  }

  return {
    configure(next, baseDir) {
      map = next;
      const nextPath = next?.file ? (isAbsolute(next.file) ? next.file : resolve(baseDir, next.file)) : null;
      if (nextPath === path) return;
      closeFile(opened);
      opened = null;
      path = nextPath;
    },

    async source() {
      const tiles = file();
      if (tiles) {
        try {
          const { info } = await tiles;
          const vector = info.format === 'pbf';
          return {
            kind: 'tiles',
            origin: 'file',
            type: vector ? 'vector' : 'raster',
            // Vector tiles are drawn at 512 px, as their styles expect; images at the size they were cut to.
            tileSize: vector ? 512 : (map?.tileSize ?? 256),
            minZoom: info.minZoom,
            maxZoom: info.maxZoom,
            bounds: info.bounds,
            attribution: plainText(map?.attribution || info.attribution),
            vectorLayers: info.vectorLayers,
          };
        } catch (error) {
          return { kind: 'broken', error: (error as Error).message };
        }
      }
      if (map?.tiles) {
        return {
          kind: 'tiles',
          origin: 'online',
          type: 'raster',
          tileSize: map.tileSize,
          minZoom: 0,
          maxZoom: map.maxZoom,
          bounds: null,
          attribution: plainText(map.attribution),
          vectorLayers: [],
        };
      }
      return { kind: 'offline' };
    },

    async tile(parts) {
      const coordinates = tileCoordinates(parts);
      if (!coordinates)
        return { ok: false, status: 400, error: 'tile coordinates must be numbers on the grid' };
      const tiles = file();
      if (tiles) return fromFile(coordinates, tiles);
      if (map?.tiles) return fetchTile(map.tiles, coordinates, TILE_TIMEOUT_MS);
      return { ok: false, status: 404, error: 'no tile source is configured' };
    },

    async close() {
      const last = opened;
      opened = null;
      path = null;
      map = undefined;
      await last?.file.then(
        (tiles) => tiles.close(),
        () => undefined,
      );
    },
  };
}
