import type { TileCoordinates, TileResult } from './result';

/**
 * One map tile from the configured XYZ template. Only the template's own
 * host is ever asked, with coordinates that are plain numbers, so the desk
 * cannot be turned into a proxy for anything else.
 */
export async function fetchTile(
  template: string,
  { z, x, y }: TileCoordinates,
  timeoutMs: number,
): Promise<TileResult> {
  const url = template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (!response.ok) return { ok: false, status: 502, error: `tile server answered ${response.status}` };
    const type = response.headers.get('content-type') ?? 'application/octet-stream';
    return { ok: true, type, body: Buffer.from(await response.arrayBuffer()) };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return {
      ok: false,
      status: timedOut ? 504 : 502,
      error: timedOut
        ? `tile server did not answer within ${timeoutMs} ms`
        : `tile server unreachable: ${String((error as Error).cause ?? error)}`,
    };
  }
}
