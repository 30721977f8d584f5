import type { SendOutcome } from '../../shared/notify/outcome';

export type HttpAnswer = { status: number; text: string; retryAfterMs: number | null };

/** Error codes after which the request cannot have reached the provider. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** …and the ways a connection drops under a request (undici names it UND_ERR_SOCKET). */
const LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * POSTs `body` and reads the whole answer, giving up after `timeoutMs` (by
 * the real clock: a network wait is not desk time) or when `signal` aborts.
 * Throws what fetch throws; transportOutcome says what that means.
 */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    redirect: 'error',
  });
  const text = await response.text();
  return { status: response.status, text, retryAfterMs: retryAfter(response.headers.get('retry-after')) };
}

/** A Retry-After header in seconds (the form gateways use), or null. */
function retryAfter(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3600) * 1000 : null;
}

/**
 * What a failed request means: refused connections and unknown hosts were
 * never sent; a timeout or a reset after the request went out may have
 * been taken. Its text names no address, which may hold a key.
 */
export function transportOutcome(error: unknown): SendOutcome {
  const err = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (err.name === 'TimeoutError' || err.cause?.name === 'TimeoutError') {
    return { kind: 'failed', code: 'timeout', detail: 'no answer in time', uncertain: true };
  }
  if (err.name === 'AbortError') {
    return { kind: 'failed', code: 'aborted', detail: 'stopped while sending', uncertain: true };
  }
  const code = err.cause?.code ?? err.code ?? 'network';
  return {
    kind: 'failed',
    code: LOST.has(code) ? 'connection-lost' : code.toLowerCase(),
    detail: NOT_SENT.has(code) ? 'provider not reachable' : 'connection failed',
    uncertain: !NOT_SENT.has(code),
  };
}
