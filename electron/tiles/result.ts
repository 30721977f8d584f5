/** A tile as the engine serves it to the bridge's /tiles route and to the Electron window's protocol. */
export type TileResult =
  | { ok: true; type: string; body: Buffer }
  | { ok: false; status: 400 | 404 | 502 | 504; error: string };

export type TileCoordinates = { z: number; x: number; y: number };

const COORDINATE = /^\d{1,7}$/;

/**
 * Tile coordinates from a request's path: plain numbers within the zoom's
 * grid, or null. Nothing else ever reaches a tile server or a file.
 */
export function tileCoordinates(parts: Readonly<Record<string, string | undefined>>): TileCoordinates | null {
  const { z = '', x = '', y = '' } = parts;
  if (![z, x, y].every((part) => COORDINATE.test(part))) return null;
  const [zoom, column, row] = [Number(z), Number(x), Number(y)];
  if (zoom > 24 || column >= 2 ** zoom || row >= 2 ** zoom) return null;
  return { z: zoom, x: column, y: row };
}
