import { MAX_FRAME_BYTES } from '../../../shared/api';
import type { DeskChannel, LinkState } from './types';

type PageLocation = Pick<Location, 'protocol' | 'host' | 'search'>;

/** The bridge is same-origin; a wallboard opened with `?token=` passes it on. */
export function bridgeUrl(location: PageLocation): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/api${query}`;
}

/** Enough of the DOM WebSocket for the channel, so tests can hand in a fake. */
export type SocketLike = {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
};

export type WebSocketChannelOptions = {
  createSocket?: (url: string) => SocketLike;
  /** Delays before successive reconnect attempts; the last one repeats. */
  backoffMs?: readonly number[];
};

export type WebSocketChannel = DeskChannel & { close(): void };

const OPEN = 1;
const DEFAULT_BACKOFF_MS = [500, 1000, 2000, 5000, 10_000] as const;

export function createWebSocketChannel(url: string, options: WebSocketChannelOptions = {}): WebSocketChannel {
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u) as SocketLike);
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const frameListeners = new Set<(raw: unknown) => void>();
  const statusListeners = new Set<(state: LinkState) => void>();
  let state: LinkState = 'connecting';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setState = (next: LinkState) => {
    if (next === state) return;
    state = next;
    for (const listener of statusListeners) listener(next);
  };

  const connect = () => {
    retryTimer = null;
    const ws = createSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (event) => {
      const raw = decode(event.data);
      for (const listener of frameListeners) listener(raw);
    };
    // A failed connect fires error and then close: reconnecting from close alone retries once per failure.
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      setState('lost');
      const base = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000;
      attempt += 1;
      // Jitter keeps a room full of wallboards from reconnecting in lockstep after an engine restart.
      retryTimer = setTimeout(connect, base * (0.8 + Math.random() * 0.4));
    };
  };

  connect();

  return {
    send(frame) {
      if (!socket || socket.readyState !== OPEN) throw new Error('engine link is not open');
      socket.send(JSON.stringify(frame));
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(state);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}

/**
 * Text that is not JSON, or too big, is passed on as it came so the client's
 * validation rejects it and says so, instead of the socket handler throwing.
 */
function decode(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  if (data.length > MAX_FRAME_BYTES) return `(frame of ${data.length} characters, over the limit)`;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
