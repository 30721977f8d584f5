import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createLogger } from '../../electron/log/logger';
import { Journal, type JournalOptions } from '../../electron/store/journal';
import { SyncClient, type SyncClientOptions } from '../../electron/sync/sync-client';
import { SyncStore } from '../../electron/sync/sync-store';
import type { DeskRegistration, ServerConfig } from '../../server/config';
import { type EventStoreOptions, eventHash } from '../../server/event-store';
import { type SyncServer, startSyncServer } from '../../server/server';
import type { SyncStatus } from '../../shared/api/sync';
import type { JournalEvent } from '../../shared/journal/event';
import { chainBreak, EMPTY_HEAD } from '../../shared/sync/chain';
import { bundleForNode } from './bundle';
import { startPostgres, type TestPostgres } from './postgres';
import { until } from './until';

export const root = resolve(import.meta.dirname, '../..');
export const quiet = createLogger('test', () => {});

/** Where the server keeps its data: a fresh PGlite folder or a fresh PostgreSQL database per test. */
export type Backend = {
  name: 'pglite' | 'postgres';
  fresh(): Pick<ServerConfig, 'databaseUrl' | 'dataDir'>;
  stop(): void;
};

let databases = 0;

export async function startBackend(name: Backend['name'], dir: string): Promise<Backend> {
  if (name === 'pglite') {
    // initdb inside WebAssembly takes many seconds on a busy machine: run it
    // once, then give every test a copy of the empty cluster.
    const template = join(dir, 'pglite-template');
    await (await PGlite.create(template)).close();
    return {
      name,
      fresh: () => {
        const dataDir = mkdtempSync(join(dir, 'pglite-'));
        cpSync(template, dataDir, { recursive: true });
        return { dataDir };
      },
      stop() {},
    };
  }
  const pg: TestPostgres = await startPostgres();
  return {
    name,
    fresh: () => ({ databaseUrl: pg.createDatabase(`sync_${++databases}`), dataDir: 'unused' }),
    stop: () => pg.stop(),
  };
}

/**
 * A backend for one describe block: started before its tests, stopped and its
 * folder removed after them. Vitest runs after-hooks last-registered first, so
 * desks and servers a block closes in its own afterAll close before this stops.
 */
export function backendForSuite(name: Backend['name']): { readonly backend: Backend; readonly dir: string } {
  const suite = {} as { backend: Backend; dir: string };
  beforeAll(async () => {
    suite.dir = tempDir();
    suite.backend = await startBackend(name, suite.dir);
  }, 60_000);
  afterAll(() => {
    suite.backend.stop();
    cleanup(suite.dir);
  });
  return suite;
}

export { freePort } from './processes';

export type TestDesk = {
  name: string;
  token: string;
  registration: DeskRegistration;
  journal: Journal;
  store: SyncStore;
  client: SyncClient | null;
  statuses: SyncStatus[];
  connect(url: string, options?: Partial<SyncClientOptions>): SyncClient;
  append(count: number, label?: string): JournalEvent[];
  close(): Promise<void>;
};

export type DeskOptions = {
  journal?: JournalOptions;
  /** The desk's token; a new random one by default. */
  token?: string;
};

export function openDesk(dir: string, name: string, options: DeskOptions = {}): TestDesk {
  const file = join(dir, `${name}.sqlite`);
  const journal = Journal.open(file, options.journal);
  const store = SyncStore.open(file);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const desk: TestDesk = {
    name,
    token,
    registration: { id: journal.deskId, name, sha256: createHash('sha256').update(token).digest('hex') },
    journal,
    store,
    client: null,
    statuses: [],
    connect(url, overrides = {}) {
      desk.client = new SyncClient({
        journal,
        store,
        url,
        token,
        intervalMs: 50,
        retryBaseMs: 20,
        retryMaxMs: 200,
        batchSize: 100,
        log: quiet,
        onChange: (status) => desk.statuses.push(status),
        ...overrides,
      });
      return desk.client;
    },
    append(count, label = 'test.event') {
      return journal.appendMany(
        Array.from({ length: count }, (_, i) => ({
          type: label,
          subject: `${name}-${i % 7}`,
          data: { i, desk: name, text: '值班记录 handover', nested: { kW: i * 1.5, ok: i % 2 === 0 } },
          actor: { user: `${name}-lead`, role: 'shift-lead' },
          reason: i % 3 === 0 ? '例行检查' : null,
        })),
      );
    },
    async close() {
      await desk.client?.stop();
      store.close();
      journal.close();
    },
  };
  return desk;
}

export async function serve(
  backend: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
  desks: readonly TestDesk[],
  port = 0,
  shared?: ServerConfig['shared'],
  storeOptions: EventStoreOptions = {},
): Promise<SyncServer> {
  return startSyncServer(
    {
      host: '127.0.0.1',
      port,
      ...backend,
      desks: desks.map((d) => d.registration),
      ...(shared === undefined ? {} : { shared }),
    },
    () => {},
    storeOptions,
  );
}

export function allEvents(journal: Journal): JournalEvent[] {
  const events: JournalEvent[] = [];
  for (;;) {
    const page = journal.read({ afterSeq: events.at(-1)?.seq ?? 0, limit: 5000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
}

/** Desks and servers opened through it are closed after each test, whatever the test left open. */
export function closedAfterEach() {
  const desks: TestDesk[] = [];
  const servers: SyncServer[] = [];
  afterEach(async () => {
    for (const desk of desks.splice(0)) await desk.close();
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    desk(...args: Parameters<typeof openDesk>): TestDesk {
      const desk = openDesk(...args);
      desks.push(desk);
      return desk;
    },
    async server(...args: Parameters<typeof serve>): Promise<SyncServer> {
      const server = await serve(...args);
      servers.push(server);
      return server;
    },
    /** Closes one of them now; the hook does not close it again. */
    async close(opened: TestDesk | SyncServer): Promise<void> {
      for (const list of [desks, servers] as (TestDesk | SyncServer)[][])
        if (list.includes(opened)) list.splice(list.indexOf(opened), 1);
      await opened.close();
    },
  };
}

export async function serverEvents(server: Pick<SyncServer, 'store'>, desk: string): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  for (;;) {
    const page = await server.store.readDesk(desk, events.at(-1)?.seq ?? 0, 5000);
    if (page.length === 0) return events;
    events.push(...page);
  }
}

/** Both copies of a desk's journal: the same events, in the same order, each chain intact. */
export function sameJournal(local: readonly JournalEvent[], remote: readonly JournalEvent[]) {
  const desk = local[0]?.desk ?? '';
  return {
    count: [local.length, remote.length],
    ids: remote.map((e) => e.id).join() === local.map((e) => e.id).join(),
    hashes: remote.map((e) => e.hash).join() === local.map((e) => e.hash).join(),
    remoteChain: chainBreak(desk, EMPTY_HEAD, remote, eventHash),
    localChain: chainBreak(desk, EMPTY_HEAD, local, eventHash),
  };
}

/** Bundles the server and the victim desk into plain Node programs a child process can run. */
export async function bundleChildren(): Promise<{ outDir: string; server: string; desk: string }> {
  const outDir = await bundleForNode('sync-test-', {
    server: 'server/main.ts',
    'sync-desk': 'test/helpers/sync-desk.ts',
  });
  return { outDir, server: join(outDir, 'server.js'), desk: join(outDir, 'sync-desk.js') };
}

export type ChildServer = {
  child: ChildProcess;
  output: () => string;
  url: string;
  /** Resolves with the first output line matching `pattern` (printed before or after the call). */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
};

/** Starts the bundled server as its own process (with `extraEnv` over ours) and waits until it listens. */
export function spawnServer(
  bundle: string,
  backend: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
  desks: readonly TestDesk[],
  port: number,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    DUTYDESK_SERVER_PORT: String(port),
    DUTYDESK_SERVER_DATA: backend.dataDir,
    DUTYDESK_SERVER_DESKS: JSON.stringify(desks.map((d) => d.registration)),
  };
  delete env.DATABASE_URL;
  if (backend.databaseUrl) env.DATABASE_URL = backend.databaseUrl;
  const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${output}`));
    });
    const poll = setInterval(() => {
      if (output.includes('sync server on')) {
        clearInterval(poll);
        clearTimeout(timer);
        child.removeAllListeners('exit');
        done({
          child,
          output: () => output,
          url: `http://127.0.0.1:${port}`,
          async line(pattern, timeoutMs = 30_000) {
            let found: string | undefined;
            await until(
              () => {
                found = output.split('\n').find((l) => pattern.test(l));
                return found !== undefined || child.exitCode !== null;
              },
              `the server prints ${pattern}`,
              timeoutMs,
            );
            if (found === undefined) throw new Error(`server exited before printing ${pattern}:\n${output}`);
            return found;
          },
        });
      }
    }, 10);
  });
}

export function killed(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill(signal);
  });
}

export function cleanup(...dirs: string[]): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dutydesk-sync-'));
}
