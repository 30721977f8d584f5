import type { z } from 'zod';
import type { JournalEvent } from '../../shared/journal/event';
import {
  type ChainHead,
  PublishConfigRequest,
  PublishConfigResult,
  PullResult,
  PushResult,
  SYNC_PATHS,
  SyncErrorBody,
  type SyncErrorCode,
} from '../../shared/sync/protocol';

/** The server could not be reached or did not answer in time: retry later. */
export class ServerUnreachable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerUnreachable';
  }
}

/** The server answered and refused; `head` is where it holds this desk's chain. */
export class ServerRefused extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly head?: ChainHead,
  ) {
    super(message);
    this.name = 'ServerRefused';
  }
}

export type ServerLinkOptions = {
  url: string;
  token: string;
  timeoutMs: number;
};

/**
 * The desk's HTTP client of the sync protocol. Every reply is parsed with
 * the protocol's schemas; a reply that does not fit is a refusal, not data.
 */
export class ServerLink {
  private readonly base: string;
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly options: ServerLinkOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  push(desk: string, events: readonly JournalEvent[]): Promise<PushResult> {
    return this.request(SYNC_PATHS.push, PushResult, {
      method: 'POST',
      body: JSON.stringify({ desk, events }),
    });
  }

  pull(after: number, limit: number, configRevision: number): Promise<PullResult> {
    const query = new URLSearchParams({
      after: String(after),
      limit: String(limit),
      configRevision: String(configRevision),
    });
    return this.request(`${SYNC_PATHS.pull}?${query}`, PullResult, { method: 'GET' });
  }

  publishConfig(request: PublishConfigRequest): Promise<PublishConfigResult> {
    return this.request(SYNC_PATHS.config, PublishConfigResult, {
      method: 'POST',
      // Checked here as the server will check it: a request that does not fit is a bug, not a refusal to retry.
      body: JSON.stringify(PublishConfigRequest.parse(request)),
    });
  }

  /** Cancels requests in flight (the desk is shutting down). */
  abort(): void {
    for (const controller of this.inFlight) controller.abort();
  }

  private async request<S extends z.ZodType>(
    path: string,
    schema: S,
    init: { method: 'GET' | 'POST'; body?: string },
  ): Promise<z.infer<S>> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${this.options.timeoutMs} ms`)),
      this.options.timeoutMs,
    );
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        signal: controller.signal,
      });
      text = await response.text();
    } catch (error) {
      throw new ServerUnreachable(`sync server ${this.base} unreachable: ${reasonOf(error)}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // A proxy's error page or a half-started server: try again later.
      throw new ServerUnreachable(
        `sync server ${this.base} answered ${response.status} with something that is not JSON`,
      );
    }
    if (!response.ok) {
      const refusal = SyncErrorBody.safeParse(body);
      if (refusal.success) {
        const { code, message, head } = refusal.data.error;
        if (code === 'internal') throw new ServerUnreachable(`sync server error: ${message}`);
        throw new ServerRefused(code, message, head);
      }
      throw new ServerUnreachable(`sync server ${this.base} answered ${response.status}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      throw new ServerRefused(
        'invalid',
        `sync server reply to ${path} does not fit the protocol: ${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    return parsed.data;
  }
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
