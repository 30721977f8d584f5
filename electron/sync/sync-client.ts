import type { SyncState, SyncStatus } from '../../shared/api/sync';
import { MAX_BATCH } from '../../shared/sync/protocol';
import type { Logger } from '../log/logger';
import type { Journal } from '../store/journal';
import { ServerLink, ServerRefused, ServerUnreachable } from './server-link';
import { IngestError, type SyncStore } from './sync-store';

export type SyncClientOptions = {
  journal: Journal;
  store: SyncStore;
  url: string;
  token: string;
  /** Pause between rounds while the server answers. */
  intervalMs: number;
  /** First retry after a failure; doubles each failure up to retryMaxMs, with jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  batchSize?: number;
  timeoutMs?: number;
  log: Logger;
  onChange(status: SyncStatus): void;
  /** Other desks' events (or the server's crew answers) were just stored. */
  onReceived?: () => void;
  /** [0, 1) for the jitter; tests pin it. */
  random?: () => number;
  now?: () => number;
};

/** A server that repeatedly moves this desk's head must not keep us in a tight loop. */
const MAX_REALIGNS = 3;

/**
 * Ships this desk's journal to the server and brings other desks' events
 * back, in rounds: every `intervalMs` while the server answers, and after a
 * failure again after an exponential, jittered backoff — the first round
 * that gets through pushes everything that queued meanwhile at once. The
 * journal never waits for sync: rounds only read it, between appends, in
 * batches; what the server has acknowledged is a cursor in the same file.
 */
export class SyncClient {
  private readonly link: ServerLink;
  private readonly batchSize: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private state: SyncState = 'syncing';
  private failures = 0;
  private lastSuccessAt: number | null = null;
  private lastAttemptAt: number | null = null;
  private nextAttemptAt: number | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private following: Promise<void> | null = null;
  private stopped = false;
  private lastSent = '';

  constructor(private readonly options: SyncClientOptions) {
    this.link = new ServerLink({
      url: options.url,
      token: options.token,
      timeoutMs: options.timeoutMs ?? 15_000,
    });
    this.batchSize = Math.min(options.batchSize ?? 500, MAX_BATCH);
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.retryMaxMs = options.retryMaxMs ?? 60_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.schedule(0);
  }

  status(): SyncStatus {
    const { journal, store } = this.options;
    return {
      state: this.state,
      serverUrl: this.options.url,
      deskId: journal.deskId,
      lastSuccessAt: this.lastSuccessAt,
      lastAttemptAt: this.lastAttemptAt,
      nextAttemptAt: this.nextAttemptAt,
      pending: Math.max(0, journal.count() - store.cursor('pushed_seq')),
      received: store.received(),
      lastError: this.lastError,
      configRevision: store.cursor('config_revision'),
    };
  }

  /**
   * Runs a round now and resolves when it is over. A round under way pushes
   * only what was recorded when it began, so a call during it gets one more
   * round after it, shared by every call made meanwhile.
   */
  syncNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) {
      this.following ??= this.running.then(() => {
        this.following = null;
        return this.syncNow();
      });
      return this.following;
    }
    this.running = this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.link.abort();
    await this.running;
    await this.following;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delayMs);
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    this.lastAttemptAt = this.now();
    this.nextAttemptAt = null;
    try {
      await this.pushAll();
      await this.pullAll();
      if (this.failures > 0) this.options.log.info(`sync: server ${this.options.url} reachable again`);
      this.failures = 0;
      this.lastSuccessAt = this.now();
      this.lastError = null;
      this.state = 'ok';
      this.schedule(this.options.intervalMs);
    } catch (error) {
      if (this.stopped) return;
      this.failures++;
      const message = error instanceof Error ? error.message : String(error);
      // Unreachable is expected during an outage: say it once, not every retry.
      if (!(error instanceof ServerUnreachable) || this.lastError !== message)
        this.options.log.warn(`sync: ${message}`);
      this.lastError = message;
      this.state = error instanceof ServerUnreachable ? 'offline' : 'error';
      this.schedule(this.backoff());
    }
    this.announce();
  }

  /** Full-range exponential backoff halved for a floor: between ½ and 1 × min(max, base · 2^(n−1)). */
  private backoff(): number {
    const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(this.failures - 1, 30));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async pushAll(): Promise<void> {
    const { journal, store } = this.options;
    let realigns = 0;
    // Up to what was recorded when the round began: a desk appending
    // non-stop must still get to pull, and the rest goes in the next round.
    const until = journal.count();
    for (;;) {
      const cursor = store.cursor('pushed_seq');
      if (cursor >= until) return;
      const batch = journal.read({ afterSeq: cursor, limit: Math.min(this.batchSize, until - cursor) });
      const last = batch.at(-1);
      if (!last) return;
      try {
        await this.link.push(journal.deskId, batch);
        store.setPushedSeq(last.seq);
        this.announce();
      } catch (error) {
        if (
          !(error instanceof ServerRefused && error.code === 'chain' && error.head) ||
          ++realigns > MAX_REALIGNS
        ) {
          throw error;
        }
        this.realign(error.head.seq, error.head.hash);
      }
    }
  }

  /**
   * The server's head differs from our cursor: it lost events we sent (a
   * restored server), or it has what we never saw acknowledged. Resume from
   * its head when that head is an event of our own journal; anything else
   * means the two copies disagree and must be looked at, not overwritten.
   */
  private realign(seq: number, hash: string): void {
    const { journal, store } = this.options;
    const own = seq === 0 ? null : journal.read({ afterSeq: seq - 1, limit: 1 })[0];
    if (seq > 0 && (!own || own.hash !== hash)) {
      throw new ServerRefused(
        'conflict',
        own
          ? `the server's copy of this desk's journal differs at seq ${seq}; sync stopped, nothing overwritten`
          : `the server holds ${seq} events of this desk, the local journal only ${journal.count()}; sync stopped`,
      );
    }
    this.options.log.warn(`sync: the server holds this desk's journal up to seq ${seq}; resuming from there`);
    store.setPushedSeq(seq);
  }

  private async pullAll(): Promise<void> {
    const { store } = this.options;
    for (;;) {
      const page = await this.link.pull(
        store.cursor('pulled_gseq'),
        this.batchSize,
        store.cursor('config_revision'),
      );
      try {
        const stored = store.ingest(page);
        if (stored > 0) {
          this.announce();
          this.options.onReceived?.();
        }
      } catch (error) {
        if (error instanceof IngestError) throw new ServerRefused('conflict', error.message);
        throw error;
      }
      if (!page.more) return;
    }
  }

  private announce(): void {
    const status = this.status();
    const text = JSON.stringify(status);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.options.onChange(status);
  }
}
