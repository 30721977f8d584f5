import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTile } from '../../electron/tiles/online';
import { openTileFile } from '../../electron/tiles/open-file';
import { createTileService } from '../../electron/tiles/service';
import { TileFileError } from '../../electron/tiles/tile-file';
import { MapSource } from '../../shared/api/map';
import { DeskConfig, fieldPath } from '../../shared/config/schema';
import { quietLog } from '../helpers/desk';
import { allTiles, PMTILES_TYPE, pngTile, writeMbtiles, writePmtiles } from '../helpers/tile-files';

/** A real tile server on loopback: one good tile, one broken, one that never answers. */
let server: Server;
let base = '';
const requested: string[] = [];
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-tiles-'));
  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    if (request.url === '/7/106/53.png') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    } else if (request.url?.startsWith('/9/')) {
      // Hangs: the bridge must give up, not keep the map waiting.
    } else {
      response.writeHead(500);
      response.end('broken');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the map settings of the desk config', () => {
  const base = {
    stations: [{ id: 's1', name: 'S', lat: 30, lng: 120, group: 'g', urban: true }],
    devices: [],
  };

  it('are optional, and take a tile template with defaults for the rest', () => {
    expect(DeskConfig.parse(base).map).toBeUndefined();
    expect(DeskConfig.parse({ ...base, map: { tiles: 'https://t.example/{z}/{x}/{y}.png' } }).map).toEqual({
      tiles: 'https://t.example/{z}/{x}/{y}.png',
      tileSize: 256,
      maxZoom: 18,
      attribution: '',
    });
  });

  it('name the field of a template the map could not use', () => {
    for (const tiles of [
      'https://t.example/tiles.png',
      'file:///srv/{z}/{x}/{y}.png',
      'ftp://t/{z}/{x}/{y}',
    ]) {
      const result = DeskConfig.safeParse({ ...base, map: { tiles } });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => fieldPath(i.path))).toEqual(['map.tiles']);
    }
    expect(DeskConfig.safeParse({ ...base, map: { tileSize: 300 } }).success).toBe(false);
  });

  it('take a local file instead, but not a file and a template at once', () => {
    expect(DeskConfig.parse({ ...base, map: { file: 'maps/zhejiang.mbtiles' } }).map?.file).toBe(
      'maps/zhejiang.mbtiles',
    );
    const both = DeskConfig.safeParse({
      ...base,
      map: { file: 'z.pmtiles', tiles: 'https://t.example/{z}/{x}/{y}.png' },
    });
    expect(both.error?.issues.map((i) => fieldPath(i.path))).toEqual(['map.file']);
  });
});

describe('online tiles', () => {
  const template = () => `${base}/{z}/{x}/{y}.png`;

  it('fetches a tile from the configured template', async () => {
    const tile = await fetchTile(template(), { z: 7, x: 106, y: 53 }, 2000);
    expect(tile).toEqual({ ok: true, type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  });

  it('reports a failing tile server as 502, a silent one as 504', async () => {
    expect(await fetchTile(template(), { z: 7, x: 1, y: 1 }, 2000)).toMatchObject({ ok: false, status: 502 });
    expect(await fetchTile(template(), { z: 9, x: 1, y: 1 }, 300)).toMatchObject({ ok: false, status: 504 });
    const closed = await fetchTile('http://127.0.0.1:9/{z}/{x}/{y}', { z: 1, x: 1, y: 1 }, 2000);
    expect(closed).toMatchObject({ ok: false, status: 502 });
  });

  it('go through the tile service, which asks for nothing but numeric coordinates on the grid', async () => {
    const tiles = createTileService(quietLog);
    expect(await tiles.tile({ z: '1', x: '1', y: '1' })).toMatchObject({ ok: false, status: 404 });
    expect(await tiles.source()).toEqual({ kind: 'offline' });
    tiles.configure(DeskConfig.parse({ ...configBase, map: { tiles: template() } }).map, dir);
    expect(await tiles.tile({ z: '7', x: '106', y: '53' })).toMatchObject({ ok: true, type: 'image/png' });
    expect(MapSource.parse(await tiles.source())).toMatchObject({ kind: 'tiles', origin: 'online' });
    const before = requested.length;
    for (const bad of [
      { z: '../../etc', x: '1', y: '1' },
      { z: '1', x: '1?x=', y: '1' },
      { z: '1', x: '', y: '1' },
      { z: '2', x: '4', y: '0' },
    ]) {
      expect(await tiles.tile(bad)).toMatchObject({ ok: false, status: 400 });
    }
    expect(requested.length).toBe(before);
    await tiles.close();
  });
});

const configBase = {
  stations: [{ id: 's1', name: 'S', lat: 30, lng: 120, group: 'g', urban: true }],
  devices: [],
};

/** A colour per tile, so reading the wrong row or column shows. */
const colourOf = (z: number, x: number, y: number) => pngTile([z * 20, x * 30, y * 30], 8);
const ZHEJIANG: [number, number, number, number] = [118, 27, 123, 31.5];

describe('an MBTiles file of raster tiles', () => {
  it('is read with its metadata, rows counted from the south', async () => {
    const path = join(dir, 'raster.mbtiles');
    writeMbtiles(
      path,
      {
        name: 'test',
        format: 'png',
        minzoom: '0',
        maxzoom: '3',
        bounds: ZHEJIANG.join(','),
        attribution: '© test',
      },
      allTiles(3, colourOf),
    );
    const file = await openTileFile(path);
    expect(file.info).toEqual({
      format: 'png',
      minZoom: 0,
      maxZoom: 3,
      bounds: ZHEJIANG,
      attribution: '© test',
      vectorLayers: [],
    });
    expect(await file.tile(3, 6, 2)).toEqual(colourOf(3, 6, 2));
    expect(await file.tile(2, 0, 3)).toEqual(colourOf(2, 0, 3));
    expect(await file.tile(4, 0, 0)).toBeNull();
    await file.close();
  });

  it('without metadata takes the zoom range from its tiles and the format from their bytes', async () => {
    const path = join(dir, 'bare.mbtiles');
    writeMbtiles(
      path,
      {},
      allTiles(2, colourOf, (z) => z >= 1),
    );
    const file = await openTileFile(path);
    expect(file.info).toMatchObject({ format: 'png', minZoom: 1, maxZoom: 2, bounds: null });
    await file.close();
  });
});

describe('vector tiles', () => {
  const mvt = Buffer.from([0x1a, 0x05, 0x0a, 0x03, 0x61, 0x62, 0x63]);

  it('in MBTiles come out un-gzipped, with the layer names of the metadata', async () => {
    const path = join(dir, 'vector.mbtiles');
    writeMbtiles(
      path,
      {
        format: 'pbf',
        json: JSON.stringify({ vector_layers: [{ id: 'water' }, { id: 'boundary' }, { bad: 1 }] }),
      },
      allTiles(1, () => gzipSync(mvt)),
    );
    const file = await openTileFile(path);
    expect(file.info).toMatchObject({ format: 'pbf', vectorLayers: ['water', 'boundary'] });
    expect(await file.tile(1, 1, 0)).toEqual(mvt);
    await file.close();
  });

  it('in PMTiles too', async () => {
    const path = join(dir, 'vector.pmtiles');
    writePmtiles(path, {
      tileType: PMTILES_TYPE.mvt,
      tileCompression: 2,
      bounds: ZHEJIANG,
      metadata: { vector_layers: [{ id: 'earth' }, { id: 'roads' }], attribution: '<a href="x">OSM</a>' },
      tiles: allTiles(2, () => gzipSync(mvt)),
    });
    const file = await openTileFile(path);
    expect(file.info).toMatchObject({
      format: 'pbf',
      minZoom: 0,
      maxZoom: 2,
      vectorLayers: ['earth', 'roads'],
    });
    expect(await file.tile(2, 3, 1)).toEqual(mvt);
    await file.close();
  });
});

describe('a PMTiles file of raster tiles', () => {
  it('is read through the pmtiles reader from the local file', async () => {
    const path = join(dir, 'raster.pmtiles');
    writePmtiles(path, {
      tileType: PMTILES_TYPE.png,
      bounds: ZHEJIANG,
      metadata: { attribution: '© test' },
      tiles: allTiles(3, colourOf, (z, x) => z < 3 || x !== 5),
    });
    const file = await openTileFile(path);
    expect(file.info).toMatchObject({ format: 'png', minZoom: 0, maxZoom: 3, attribution: '© test' });
    for (const [z, x, y] of [
      [0, 0, 0],
      [3, 6, 2],
      [3, 0, 7],
      [2, 3, 1],
    ] as const)
      expect(await file.tile(z, x, y)).toEqual(colourOf(z, x, y));
    expect(await file.tile(3, 5, 2)).toBeNull();
    expect(await file.tile(5, 0, 0)).toBeNull();
    await file.close();
  });
});

describe('a file the map cannot use', () => {
  const fails = async (path: string, message: RegExp) => {
    const error = await openTileFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TileFileError);
    expect((error as Error).message).toMatch(message);
  };

  it('is refused with a message naming the file and the problem', async () => {
    await fails(join(dir, 'nowhere.mbtiles'), /nowhere\.mbtiles: not found/);
    const random = join(dir, 'random.mbtiles');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 251)));
    await fails(random, /neither an MBTiles \(SQLite\) nor a PMTiles file/);
    // A real SQLite header on a damaged body: what a half-copied file looks like.
    const damaged = join(dir, 'damaged.mbtiles');
    writeFileSync(
      damaged,
      Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0x5a)]),
    );
    await fails(damaged, /damaged\.mbtiles: .*(not a database|malformed|cannot be opened|not a readable)/);
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE journal (id INTEGER)');
    db.close();
    await fails(other, /without a tiles table/);
    const empty = join(dir, 'empty.mbtiles');
    writeMbtiles(empty, { format: 'png' }, []);
    await fails(empty, /holds no tiles/);
    const truncated = join(dir, 'truncated.pmtiles');
    writeFileSync(truncated, Buffer.from('PMTiles\x03', 'latin1'));
    await fails(truncated, /truncated\.pmtiles/);
  });
});

describe('the tile service on a file', () => {
  it('serves its tiles, says so in map.source, and reports a hole as a failed tile', async () => {
    writeMbtiles(
      join(dir, 'holes.mbtiles'),
      { format: 'png', bounds: ZHEJIANG.join(','), attribution: '<b>Survey</b> office' },
      allTiles(2, colourOf, (z, x) => !(z === 2 && x === 3)),
    );
    const tiles = createTileService(quietLog);
    // Relative to the folder of the config file.
    tiles.configure(DeskConfig.parse({ ...configBase, map: { file: 'holes.mbtiles' } }).map, dir);
    expect(MapSource.parse(await tiles.source())).toEqual({
      kind: 'tiles',
      origin: 'file',
      type: 'raster',
      tileSize: 256,
      minZoom: 0,
      maxZoom: 2,
      bounds: ZHEJIANG,
      attribution: 'Survey office',
      vectorLayers: [],
    });
    expect(await tiles.tile({ z: '2', x: '1', y: '1' })).toEqual({
      ok: true,
      type: 'image/png',
      body: colourOf(2, 1, 1),
    });
    expect(await tiles.tile({ z: '2', x: '3', y: '1' })).toMatchObject({
      ok: false,
      status: 502,
      error: expect.stringMatching(/has no tile 2\/3\/1/),
    });
    await tiles.close();
  });

  it('answers a missing vector tile with an empty one: vector files leave out empty sea', async () => {
    writeMbtiles(
      join(dir, 'sparse.mbtiles'),
      { format: 'pbf' },
      allTiles(1, () => Buffer.from([0x1a, 0])).slice(0, 2),
    );
    const tiles = createTileService(quietLog);
    tiles.configure(DeskConfig.parse({ ...configBase, map: { file: join(dir, 'sparse.mbtiles') } }).map, '/');
    expect(await tiles.source()).toMatchObject({ kind: 'tiles', type: 'vector', tileSize: 512 });
    expect(await tiles.tile({ z: '1', x: '1', y: '1' })).toEqual({
      ok: true,
      type: 'application/x-protobuf',
      body: Buffer.alloc(0),
    });
    await tiles.close();
  });

  it('reports a broken file in map.source and as 502 tiles, and reads it once it is fixed', async () => {
    let clock = 0;
    const tiles = createTileService(quietLog, () => clock);
    const path = join(dir, 'later.mbtiles');
    writeFileSync(path, 'not yet');
    tiles.configure(DeskConfig.parse({ ...configBase, map: { file: path } }).map, dir);
    const broken = MapSource.parse(await tiles.source());
    expect(broken).toMatchObject({ kind: 'broken' });
    expect(broken.kind === 'broken' && broken.error).toMatch(/later\.mbtiles: neither/);
    expect(await tiles.tile({ z: '0', x: '0', y: '0' })).toMatchObject({ ok: false, status: 502 });
    rmSync(path);
    writeMbtiles(path, { format: 'png' }, allTiles(0, colourOf));
    // Not tried again at once: a map of 30 tiles must not open a bad file 30 times.
    expect(await tiles.source()).toMatchObject({ kind: 'broken' });
    clock += 31_000;
    expect(await tiles.source()).toMatchObject({ kind: 'tiles', origin: 'file' });
    expect(await tiles.tile({ z: '0', x: '0', y: '0' })).toMatchObject({ ok: true });
    await tiles.close();
  });
});
