import { TILE_SCHEME } from '../../shared/api/map';
import type { TileResult } from './result';

export type TileAsk = (parts: { z: string; x: string; y: string }) => Promise<TileResult>;

const HEADERS = {
  // The window's page is a file:// page (an opaque origin): its map may read these responses, nothing else can reach them.
  'access-control-allow-origin': '*',
  'x-content-type-options': 'nosniff',
};

/**
 * The answer to one `dutydesk-tiles://tiles/{z}/{x}/{y}` request of the
 * Electron window: electron/main.ts hands each request here and `ask`
 * gets the tile from the engine. Any other URL is refused.
 */
export async function tileProtocolResponse(url: string, ask: TileAsk): Promise<Response> {
  const refuse = (status: number, error: string) =>
    new Response(error, { status, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(400, 'not a URL');
  }
  if (parsed.protocol !== `${TILE_SCHEME}:` || parsed.host !== 'tiles' || parsed.search !== '')
    return refuse(404, 'not a tile URL');
  const parts = parsed.pathname.split('/').slice(1);
  const [z = '', x = '', y = ''] = parts;
  if (parts.length !== 3) return refuse(400, 'a tile URL is /{z}/{x}/{y}');
  const result = await ask({ z, x, y });
  if (!result.ok) return refuse(result.status, result.error);
  return new Response(new Uint8Array(result.body), {
    status: 200,
    headers: { ...HEADERS, 'content-type': result.type, 'cache-control': 'max-age=3600' },
  });
}

/** A tile request from electron/main.ts to the engine host, and the engine host's answer. */
export type TileRequestMessage = { type: 'tile'; id: number; z: string; x: string; y: string };
export type TileReplyMessage = { type: 'tile'; id: number; result: TileResult };

/**
 * Pairs main's tile requests with the engine host's answers over the
 * utility-process port. An engine that does not answer in time, or is
 * gone, gives an error tile, so the map falls back instead of waiting.
 */
export function tileRequests(post: (message: TileRequestMessage) => void, timeoutMs: number) {
  let next = 1;
  const pending = new Map<number, (result: TileResult) => void>();
  const settle = (id: number, result: TileResult) => {
    const done = pending.get(id);
    pending.delete(id);
    done?.(result);
  };
  return {
    ask: ((parts) =>
      new Promise<TileResult>((resolve) => {
        const id = next++;
        const timer = setTimeout(
          () =>
            settle(id, { ok: false, status: 504, error: `the engine gave no tile within ${timeoutMs} ms` }),
          timeoutMs,
        );
        pending.set(id, (result) => {
          clearTimeout(timer);
          resolve(result);
        });
        try {
          post({ type: 'tile', id, ...parts });
        } catch (error) {
          settle(id, {
            ok: false,
            status: 502,
            error: `the engine cannot be asked: ${(error as Error).message}`,
          });
        }
      })) satisfies TileAsk,
    /** An answer from the engine host; its body arrives as a plain Uint8Array after the port's copy. */
    reply(message: TileReplyMessage) {
      const { result } = message;
      settle(message.id, result.ok ? { ...result, body: Buffer.from(result.body) } : result);
    },
    /** The engine stopped: every open request gets an error tile now. */
    failAll(reason: string) {
      for (const id of [...pending.keys()]) settle(id, { ok: false, status: 502, error: reason });
    },
  };
}
