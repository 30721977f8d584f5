import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TileRequestMessage, tileProtocolResponse, tileRequests } from '../../electron/tiles/protocol';
import { createTileService, type TileService } from '../../electron/tiles/service';
import { TILE_PROTOCOL_TEMPLATE } from '../../shared/api/map';
import { DeskConfig } from '../../shared/config/schema';
import { quietLog } from '../helpers/desk';
import { allTiles, pngTile, writeMbtiles } from '../helpers/tile-files';

/**
 * The Electron window's dutydesk-tiles: protocol without Electron: main.ts
 * hands each request to tileProtocolResponse and asks the engine host
 * through tileRequests. Here the engine's side is a real tile service on a
 * real MBTiles file, and the port between them is a pair of queues.
 */
let dir = '';
let service: TileService;
const tile = (z: number, x: number, y: number) => pngTile([40 + z * 10, 60 + x, 80 + y], 4);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-protocol-'));
  writeMbtiles(
    join(dir, 'map.mbtiles'),
    { format: 'png' },
    allTiles(2, tile, (z, x) => z < 2 || x !== 0),
  );
  service = createTileService(quietLog);
  service.configure(
    DeskConfig.parse({
      stations: [{ id: 's1', name: 'S', lat: 30, lng: 120, group: 'g', urban: true }],
      devices: [],
      map: { file: 'map.mbtiles' },
    }).map,
    dir,
  );
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Main's side and the engine host's side, joined the way the utility process port joins them. */
function joined(engineAnswers = true) {
  const sent: TileRequestMessage[] = [];
  const requests = tileRequests((message) => {
    sent.push(message);
    if (!engineAnswers) return;
    // The engine host answers after a structured clone: the body arrives as a Uint8Array, not a Buffer.
    void service.tile({ z: message.z, x: message.x, y: message.y }).then((result) =>
      requests.reply({
        type: 'tile',
        id: message.id,
        result: result.ok ? { ...result, body: new Uint8Array(result.body) as Buffer } : result,
      }),
    );
  }, 500);
  return { requests, sent };
}

const url = (z: number | string, x: number | string, y: number | string) =>
  TILE_PROTOCOL_TEMPLATE.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));

describe('the dutydesk-tiles: protocol', () => {
  it('answers a tile URL with the tile of the engine, readable by the file:// page', async () => {
    const { requests } = joined();
    const response = await tileProtocolResponse(url(2, 3, 1), requests.ask);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(tile(2, 3, 1));
  });

  it("passes the engine's refusals on, so the map falls back", async () => {
    const { requests } = joined();
    const hole = await tileProtocolResponse(url(2, 0, 1), requests.ask);
    expect(hole.status).toBe(502);
    expect(await hole.text()).toMatch(/has no tile 2\/0\/1/);
    const off = await tileProtocolResponse(url(1, 5, 0), requests.ask);
    expect(off.status).toBe(400);
  });

  it('asks the engine nothing for a URL that is not a tile', async () => {
    const { requests, sent } = joined();
    for (const [bad, status] of [
      ['dutydesk-tiles://other/1/1/1', 404],
      ['dutydesk-tiles://tiles/1/1/1?x=1', 404],
      ['https://tiles/1/1/1', 404],
      ['dutydesk-tiles://tiles/1/1', 400],
      ['dutydesk-tiles://tiles/1/1/1/1', 400],
      ['not a url', 400],
    ] as const) {
      expect((await tileProtocolResponse(bad, requests.ask)).status, bad).toBe(status);
    }
    expect(sent).toEqual([]);
  });

  it('gives an error tile when the engine is silent, gone, or cannot be asked', async () => {
    const silent = joined(false);
    expect((await tileProtocolResponse(url(0, 0, 0), silent.requests.ask)).status).toBe(504);

    const gone = joined(false);
    const waiting = tileProtocolResponse(url(0, 0, 0), gone.requests.ask);
    gone.requests.failAll('the engine stopped');
    const answer = await waiting;
    expect(answer.status).toBe(502);
    expect(await answer.text()).toBe('the engine stopped');

    const closed = tileRequests(() => {
      throw new Error('the engine is not running');
    }, 500);
    const refused = await tileProtocolResponse(url(0, 0, 0), closed.ask);
    expect(refused.status).toBe(502);
    expect(await refused.text()).toMatch(/not running/);
  });

  it('pairs answers with their requests when they come back out of order', async () => {
    const held: TileRequestMessage[] = [];
    const requests = tileRequests((message) => held.push(message), 1000);
    const first = tileProtocolResponse(url(1, 1, 0), requests.ask);
    const second = tileProtocolResponse(url(1, 1, 1), requests.ask);
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const message of [...held].reverse())
      requests.reply({
        type: 'tile',
        id: message.id,
        result: await service.tile({ z: message.z, x: message.x, y: message.y }),
      });
    expect(Buffer.from(await (await first).arrayBuffer())).toEqual(tile(1, 1, 0));
    expect(Buffer.from(await (await second).arrayBuffer())).toEqual(tile(1, 1, 1));
  });
});
