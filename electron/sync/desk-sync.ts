import type { DeskApi } from '../../shared/api/contract';
import { type EventFrame, eventFrame } from '../../shared/api/frames';
import type { SyncStatus } from '../../shared/api/sync';
import type { SyncConfig } from '../../shared/sync/config';
import type { PublishConfigRequest, PublishConfigResult } from '../../shared/sync/protocol';
import type { Logger } from '../log/logger';
import type { Journal } from '../store/journal';
import { CrewAnswerFeed } from './crew-answers';
import { type CrewLinks, crewLink, crewUrl } from './crew-link';
import { ServerLink } from './server-link';
import { SyncClient } from './sync-client';
import { SyncStore } from './sync-store';

export type DeskSyncOptions = {
  journal: Journal;
  /** The `sync` section of the station configuration. */
  config: SyncConfig | undefined;
  /**
   * DUTYDESK_SYNC_URL, DUTYDESK_SYNC_TOKEN and DUTYDESK_SYNC_INTERVAL_MS (e.g.
   * for the demo fleet, which has no configuration file), and the variable
   * `tokenEnv` names.
   */
  env: Record<string, string | undefined>;
  /** The token kept in the desk's secret store, used when the settings name neither token nor tokenEnv. */
  storedToken?: string | null;
  log: Logger;
  emit(frame: EventFrame): void;
};

export type DeskSync = {
  api: Pick<DeskApi, 'sync.status'>;
  /** Other desks' events received so far; they stay in the journal file whether sync runs now or not. */
  inbound: Pick<SyncStore, 'inboundOfTypes' | 'latestSharedConfig' | 'holdSharedConfig'>;
  /** Sends a shared configuration revision to the server; null when this desk does not sync. */
  publishConfig: ((request: PublishConfigRequest) => Promise<PublishConfigResult>) | null;
  /** Mints a crew's link to the server's page; null when this desk does not sync (no server to answer it). */
  crewLink: CrewLinks | null;
  /** Crew answers for this desk's work orders; the duty desk subscribes with crewAnswerApplier. */
  crewAnswers: Pick<CrewAnswerFeed, 'subscribe'>;
  stop(): Promise<void>;
};

type Target =
  | { url: string; token: string; intervalMs: number }
  | { url: string | null; problem: string }
  | null;

function target(
  config: SyncConfig | undefined,
  env: DeskSyncOptions['env'],
  storedToken: string | null,
): Target {
  if (env.DUTYDESK_SYNC_URL) {
    const token = env.DUTYDESK_SYNC_TOKEN;
    if (!token)
      return {
        url: env.DUTYDESK_SYNC_URL,
        problem: 'DUTYDESK_SYNC_URL is set but DUTYDESK_SYNC_TOKEN is not',
      };
    const interval = Number(env.DUTYDESK_SYNC_INTERVAL_MS ?? config?.intervalMs ?? 10_000);
    if (!Number.isSafeInteger(interval) || interval < 100) {
      return {
        url: env.DUTYDESK_SYNC_URL,
        problem: 'DUTYDESK_SYNC_INTERVAL_MS must be a whole number ≥ 100',
      };
    }
    return { url: env.DUTYDESK_SYNC_URL, token, intervalMs: interval };
  }
  if (!config) return null;
  if (config.token === undefined && config.tokenEnv === undefined) {
    // The Electron shell unseals the stored token into DUTYDESK_SYNC_TOKEN; the headless desk reads its file.
    const stored = env.DUTYDESK_SYNC_TOKEN ?? storedToken;
    if (!stored) {
      return {
        url: config.url,
        problem: 'sync token: none stored; set it with --set-secret sync-token (reads it from stdin)',
      };
    }
    return { url: config.url, token: stored, intervalMs: config.intervalMs };
  }
  const token = config.token ?? (config.tokenEnv ? env[config.tokenEnv] : undefined);
  if (!token)
    return { url: config.url, problem: `sync token: environment variable ${config.tokenEnv} is not set` };
  return { url: config.url, token, intervalMs: config.intervalMs };
}

/**
 * The engine's sync: off without settings; with settings it runs beside the
 * journal and tells clients about every change of its status. A problem
 * with the settings is shown in the status, and the desk runs on without sync.
 */
export function startDeskSync(options: DeskSyncOptions): DeskSync {
  const { journal, log } = options;
  const wanted = target(options.config, options.env, options.storedToken ?? null);
  const store = SyncStore.open(journal.file);
  const crewAnswers = new CrewAnswerFeed(store, journal.deskId, log.child('sync'));
  const still = (state: SyncStatus['state'], url: string | null, lastError: string | null): DeskSync => {
    const status: SyncStatus = {
      state,
      serverUrl: url,
      deskId: journal.deskId,
      lastSuccessAt: null,
      lastAttemptAt: null,
      nextAttemptAt: null,
      pending: 0,
      received: 0,
      lastError,
      configRevision: 0,
    };
    return {
      api: { 'sync.status': async () => ({ ...status }) },
      inbound: store,
      crewLink: null,
      publishConfig: null,
      crewAnswers,
      stop: async () => store.close(),
    };
  };
  if (!wanted) return still('off', null, null);
  if ('problem' in wanted) {
    log.error(`sync not started: ${wanted.problem}`);
    return still('error', wanted.url, wanted.problem);
  }
  const client = new SyncClient({
    journal,
    store,
    url: wanted.url,
    token: wanted.token,
    intervalMs: wanted.intervalMs,
    // While the server is down, retry no less often than every few rounds (and at least once a minute).
    retryMaxMs: Math.min(60_000, 6 * wanted.intervalMs),
    log: log.child('sync'),
    onChange: (status) => options.emit(eventFrame('sync.changed', status)),
    onReceived: () => crewAnswers.deliver(),
  });
  client.start();
  const publisher = new ServerLink({ url: wanted.url, token: wanted.token, timeoutMs: 15_000 });
  log.info(`sync: desk ${journal.deskId} → ${wanted.url} every ${wanted.intervalMs} ms`);
  return {
    api: { 'sync.status': async () => client.status() },
    inbound: store,
    crewLink: {
      mint: (params) => crewLink({ url: wanted.url, syncToken: wanted.token }, params),
      url: (scope) => crewUrl({ url: wanted.url, syncToken: wanted.token }, scope),
    },
    publishConfig: (request) => publisher.publishConfig(request),
    crewAnswers,
    async stop() {
      publisher.abort();
      await client.stop();
      store.close();
    },
  };
}
