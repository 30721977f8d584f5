/**
 * Calls into a worker thread that keeps derived data (the report period
 * index, the handover search index): the engine posts a small request and
 * gets a small answer, while the worker's reads, folds, commits (with their
 * fsyncs) and garbage collections happen on its own thread and heap, never
 * as a pause of the engine's event loop (issue 16).
 */
import { type MessagePort, Worker } from 'node:worker_threads';
import type { Logger } from '../log/logger';

type Call = { id: number; method: string; params: unknown };
type Answer =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'log'; level: 'warn' | 'error'; text: string };

export type WorkerCalls = {
  call<T>(method: string, params?: unknown): Promise<T>;
  /** Why the worker cannot answer any more, once it cannot. */
  failure(): string | null;
  /** Asks the worker to close what it holds, then ends it. */
  close(): Promise<void>;
};

/**
 * Starts `file` as a worker once `after` settles (the engine passes "the
 * wall has been shown": a starting thread takes a core from the cold start)
 * and returns its calls, which wait for it. A worker that fails or stops
 * rejects every call waiting and every call after, with `what` in the
 * reason; its warnings and errors reach `log`.
 */
export function callWorker(
  file: string | URL,
  data: unknown,
  what: string,
  options: { log?: Logger | undefined; after?: Promise<unknown> | undefined } = {},
): WorkerCalls {
  let current: WorkerCalls | null = null;
  const started = Promise.resolve(options.after).then(() => {
    current = start(file, data, what, options.log);
    return current;
  });
  let closing: Promise<void> | null = null;
  return {
    call: async <T>(method: string, params?: unknown) => (await started).call<T>(method, params),
    failure: () => (current as WorkerCalls | null)?.failure() ?? null,
    close() {
      closing ??= started.then((calls) => calls.close());
      return closing;
    },
  };
}

function start(file: string | URL, data: unknown, what: string, log: Logger | undefined): WorkerCalls {
  const worker = new Worker(file, { workerData: data });
  // Derived data only: an engine that is stopping does not wait for a build to finish.
  worker.unref();
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let failure: string | null = null;
  let closing: Promise<void> | null = null;
  let nextId = 1;

  const fail = (reason: string) => {
    if (failure) return;
    failure = `${what}: ${reason}`;
    for (const w of waiting.values()) w.reject(new Error(failure));
    waiting.clear();
  };
  worker.on('message', (answer: Answer) => {
    if (answer.kind === 'log') {
      log?.[answer.level](answer.text);
      return;
    }
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.ok) w?.resolve(answer.value);
    else w?.reject(new Error(answer.error));
  });
  worker.on('error', (error) => fail(`the worker failed: ${error.message}`));
  worker.on('exit', (code) => fail(`the worker stopped (exit code ${code})`));

  const call = <T>(method: string, params?: unknown): Promise<T> => {
    if (failure) return Promise.reject(new Error(failure));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, params } satisfies Call);
    });
  };
  return {
    call,
    failure: () => failure,
    close() {
      closing ??= (async () => {
        try {
          await call('close');
        } catch {
          // A worker that already failed holds nothing open.
        }
        await worker.terminate();
      })();
      return closing;
    },
  };
}

/** The worker's side: answers each call with its handler's result, or the error it threw. */
export function serveCalls(
  port: MessagePort,
  handlers: Record<string, (params: never) => unknown>,
): { log: Logger } {
  port.on('message', async ({ id, method, params }: Call) => {
    const handler = handlers[method];
    try {
      if (!handler) throw new Error(`no method ${method}`);
      const value = await handler(params as never);
      port.postMessage({ kind: 'reply', id, ok: true, value } satisfies Answer);
    } catch (error) {
      port.postMessage({ kind: 'reply', id, ok: false, error: (error as Error).message } satisfies Answer);
    }
  });
  const tell = (level: 'warn' | 'error') => (text: string) =>
    port.postMessage({ kind: 'log', level, text } satisfies Answer);
  const log: Logger = { debug() {}, info() {}, warn: tell('warn'), error: tell('error'), child: () => log };
  return { log };
}
