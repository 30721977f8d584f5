export type TileResult =
  | { ok: true; type: string; body: Buffer }
  | { ok: false; status: 404 | 400 | 502 | 504; error: string };

const COORDINATE = /^\d{1,7}$/;

/**
 * One map tile from the configured XYZ template. Only the template's own
 * host is ever asked, with coordinates that are plain numbers, so the bridge
 * cannot be turned into a proxy for anything else.
 */
export async function fetchTile(
  template: string | undefined,
  coordinates: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<TileResult> {
  if (!template) return { ok: false, status: 404, error: 'no tile source is configured' };
  const { z = '', x = '', y = '' } = coordinates;
  if (![z, x, y].every((part) => COORDINATE.test(part)))
    return { ok: false, status: 400, error: 'tile coordinates must be numbers' };
  const url = template.replace('{z}', z).replace('{x}', x).replace('{y}', y);
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
