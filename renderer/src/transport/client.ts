import {
  type ErrorCode,
  type EventName,
  type EventPayload,
  type MethodName,
  type Params,
  parseResult,
  parseServerFrame,
  type Result,
} from '../../../shared/api';
import type { DeskChannel, LinkState } from './types';

export type RequestOptions = { timeoutMs?: number };

/**
 * A request the engine answered with an error, or did not answer in time.
 * Views branch on `code` (a 'forbidden' or 'invalid' reply reads differently
 * from a timeout, after which a write may or may not have happened).
 */
export class DeskRequestError extends Error {
  constructor(
    readonly method: MethodName,
    readonly code: ErrorCode | 'timeout',
    /** The engine's own words, without the method and code prefix. */
    readonly detail: string,
  ) {
    super(`${method}: ${code === 'timeout' ? detail : `${code}: ${detail}`}`);
    this.name = 'DeskRequestError';
  }
}

export type DeskClient = {
  request<M extends MethodName>(method: M, params: Params<M>, options?: RequestOptions): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  readonly link: LinkState;
  /** Calls the listener at once with the current link state and then on every change. */
  onLink(listener: (state: LinkState) => void): () => void;
  close(): void;
};

export type DeskClientOptions = {
  timeoutMs?: number;
  /** Frames the engine should never send; the client drops them and goes on. */
  onProtocolError?: (error: Error) => void;
};

type Pending = {
  method: MethodName;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

const DEFAULT_TIMEOUT_MS = 10_000;

export function createDeskClient(channel: DeskChannel, options: DeskClientOptions = {}): DeskClient {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const reportProtocolError = options.onProtocolError ?? ((error: Error) => console.warn(error.message));
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(state: LinkState) => void>();
  let link: LinkState = 'open';
  let nextId = 1;

  const settle = (id: number) => {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  };

  const failAll = (reason: string) => {
    for (const id of [...pending.keys()]) {
      const entry = settle(id);
      entry?.reject(new Error(`${entry.method}: ${reason}`));
    }
  };

  const handleFrame = (raw: unknown) => {
    let frame: ReturnType<typeof parseServerFrame>;
    try {
      frame = parseServerFrame(raw);
    } catch (error) {
      // A broken reply that still names a request we wait for fails that request now, not at its timeout.
      const entry = settle(replyIdOf(raw) ?? -1);
      entry?.reject(new Error(`${entry.method}: ${errorMessage(error)}`));
      reportProtocolError(asError(error));
      return;
    }
    if (frame.type === 'event') {
      for (const listener of eventListeners.get(frame.event) ?? []) {
        // One failing view must not keep the others from their data.
        try {
          listener(frame.data);
        } catch (error) {
          console.error(`listener for ${frame.event} failed`, error);
        }
      }
      return;
    }
    if (!frame.ok && frame.id === null) {
      reportProtocolError(new Error(`engine rejected a request it could not read: ${frame.error.message}`));
      return;
    }
    // No entry: a late reply to a request that already timed out.
    const entry = frame.id === null ? undefined : settle(frame.id);
    if (!entry) return;
    if (!frame.ok) {
      entry.reject(new DeskRequestError(entry.method, frame.error.code, frame.error.message));
      return;
    }
    try {
      entry.resolve(parseResult(entry.method, frame.result));
    } catch (error) {
      entry.reject(asError(error));
      reportProtocolError(asError(error));
    }
  };

  const unsubscribeFrames = channel.onFrame(handleFrame);
  const unsubscribeStatus = channel.onStatus?.((state) => {
    const wasOpen = link === 'open';
    link = state;
    if (wasOpen && state !== 'open') failAll('engine link lost before the reply came');
    for (const listener of linkListeners) listener(state);
  });

  return {
    request(method, params, requestOptions) {
      const timeoutMs = requestOptions?.timeoutMs ?? defaultTimeout;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        if (link !== 'open') {
          reject(new Error(`${method}: engine link is ${link}`));
          return;
        }
        const timer = setTimeout(() => {
          settle(id);
          reject(
            new DeskRequestError(
              method,
              'timeout',
              `no reply from the engine within ${formatSeconds(timeoutMs)}`,
            ),
          );
        }, timeoutMs);
        pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject, timer });
        try {
          channel.send({ type: 'request', id, method, params });
        } catch (error) {
          settle(id);
          reject(new Error(`${method}: could not send: ${errorMessage(error)}`));
        }
      });
    },
    on(event, listener) {
      let listeners = eventListeners.get(event);
      if (!listeners) {
        listeners = new Set();
        eventListeners.set(event, listeners);
      }
      const untyped = listener as (payload: unknown) => void;
      listeners.add(untyped);
      return () => listeners.delete(untyped);
    },
    get link() {
      return link;
    },
    onLink(listener) {
      linkListeners.add(listener);
      listener(link);
      return () => linkListeners.delete(listener);
    },
    close() {
      unsubscribeFrames();
      unsubscribeStatus?.();
      failAll('client closed');
    },
  };
}

function replyIdOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { type, id } = raw as { type?: unknown; id?: unknown };
  return type === 'reply' && typeof id === 'number' ? id : null;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
