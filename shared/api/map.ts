import { z } from 'zod';
import { type MethodSpec, NoParams } from './method';

/**
 * What the station map should draw under the stations, as the engine found
 * it: the offline basemap alone, or tiles it serves (from an online
 * template or a local MBTiles/PMTiles file), or a configured source that
 * cannot be used, in which case the map shows the offline basemap and says why.
 * The tiles themselves never cross the contract: the page fetches them from
 * the bridge's /tiles route or, in Electron, the dutydesk-tiles: protocol.
 */
export const MapSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offline') }),
  z.object({
    kind: z.literal('tiles'),
    origin: z.enum(['online', 'file']),
    /** Raster images (png, jpg, webp) or Mapbox vector tiles (pbf). */
    type: z.enum(['raster', 'vector']),
    tileSize: z.union([z.literal(256), z.literal(512)]),
    minZoom: z.number().int().min(0).max(22),
    maxZoom: z.number().int().min(0).max(22),
    /** West, south, east, north: the map asks for nothing outside them. */
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    attribution: z.string(),
    /** The layers of a vector file, which the map styles one by one. */
    vectorLayers: z.array(z.string()),
  }),
  z.object({ kind: z.literal('broken'), error: z.string() }),
]);
export type MapSource = z.infer<typeof MapSource>;

export const mapMethods = {
  'map.source': { params: NoParams, result: MapSource, permission: 'read' },
} as const satisfies Record<string, MethodSpec>;

/** The custom protocol that serves tiles to the Electron window, whose page has no bridge to ask. */
export const TILE_SCHEME = 'dutydesk-tiles';
/** The tile URL template of the Electron window; the protocol's host is always `tiles`. */
export const TILE_PROTOCOL_TEMPLATE = `${TILE_SCHEME}://tiles/{z}/{x}/{y}`;
