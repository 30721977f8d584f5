import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTile } from '../../electron/bridge/tiles';
import { DeskConfig, fieldPath } from '../../shared/config/schema';

/** A real tile server on loopback: one good tile, one broken, one that never answers. */
let server: Server;
let base = '';
const requested: string[] = [];

beforeAll(async () => {
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
});

describe('map tiles through the bridge', () => {
  const template = () => `${base}/{z}/{x}/{y}.png`;

  it('fetches a tile from the configured template', async () => {
    const tile = await fetchTile(template(), { z: '7', x: '106', y: '53' }, 2000);
    expect(tile).toEqual({ ok: true, type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  });

  it('reports a failing tile server as 502, a silent one as 504, no source as 404', async () => {
    expect(await fetchTile(template(), { z: '7', x: '1', y: '1' }, 2000)).toMatchObject({
      ok: false,
      status: 502,
    });
    expect(await fetchTile(template(), { z: '9', x: '1', y: '1' }, 300)).toMatchObject({
      ok: false,
      status: 504,
    });
    expect(await fetchTile(undefined, { z: '1', x: '1', y: '1' }, 300)).toMatchObject({
      ok: false,
      status: 404,
    });
    const closed = await fetchTile('http://127.0.0.1:9/{z}/{x}/{y}', { z: '1', x: '1', y: '1' }, 2000);
    expect(closed).toMatchObject({ ok: false, status: 502 });
  });

  it('asks for nothing but numeric coordinates on the configured host', async () => {
    const before = requested.length;
    for (const bad of [
      { z: '../../etc', x: '1', y: '1' },
      { z: '1', x: '1?x=', y: '1' },
      { z: '1', x: '', y: '1' },
    ]) {
      expect(await fetchTile(template(), bad, 2000)).toMatchObject({ ok: false, status: 400 });
    }
    expect(requested.length).toBe(before);
  });
});
