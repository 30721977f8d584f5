import type { JournalEvent, JournalInput } from '../../shared/journal/event';
import { NOTIFY_ACTOR, NOTIFY_EVENT } from '../../shared/notify/events';
import type { OutboxMessage, OutboxState } from '../../shared/notify/outbox-state';
import type { SendOutcome } from '../../shared/notify/outcome';
import { type Backoff, backoffMs, DEFAULT_BACKOFF, SendWindow } from '../../shared/notify/pacing';
import { scrubSecrets } from '../../shared/notify/secrets';
import { Alarmclock, type DeskClock, RETRY_AFTER_FAILURE_MS } from '../alarms/clock';
import type { Logger } from '../log/logger';
import type { ChannelAdapter } from './adapter';

/** What delivery needs of the journal: a durable append that returns the stored event. */
export type NotifyJournal = { append(input: JournalInput): JournalEvent };

export type DeliveryOptions = {
  journal: NotifyJournal;
  state: OutboxState;
  clock: DeskClock;
  log: Logger;
  /** In [0, 1), for the backoff's jitter. */
  random: () => number;
  backoff?: Backoff;
  /** After each journalled step, for the UI. */
  onChange: (message: OutboxMessage) => void;
  /** The message as it goes out this time (links minted at send time); the outbox keeps it as requested. */
  prepare?: (message: OutboxMessage) => OutboxMessage;
  /** How long stop() lets a send in flight finish before aborting it. */
  stopGraceMs?: number;
};

/** One channel's delivery: its provider's send window, its timer, and the one send it may have in flight. */
type Lane = {
  window: SendWindow;
  timer: Alarmclock;
  busy: Promise<void> | null;
  inFlight: AbortController | null;
  /** After the journal refused a write: no attempt before this. */
  pausedUntil: number;
};

const SHOWN = '<redacted>';

/**
 * Delivers the outbox, channel by channel: only the oldest open message of
 * a channel is ever tried, so a channel's messages arrive in the order they
 * were asked for, and one that waits (provider down, rate limited) holds
 * the rest of its channel behind it; other channels go on. Every attempt
 * is journalled before it goes and its result after, so a crash between
 * the two leaves an attempt whose fate is unknown, which is sent again
 * and shown as a possible duplicate.
 */
export class Delivery {
  private readonly lanes = new Map<string, Lane>();
  private adapters = new Map<string, ChannelAdapter>();
  private stopped = false;

  constructor(private readonly options: DeliveryOptions) {}

  /** The channels as configured now; open messages of a channel without an adapter wait for one. */
  setAdapters(adapters: Map<string, ChannelAdapter>): void {
    this.adapters = adapters;
    for (const [channel, lane] of this.lanes) {
      const adapter = adapters.get(channel);
      if (adapter) lane.window = new SendWindow(adapter.limits);
    }
    for (const channel of this.options.state.channels()) this.kick(channel);
  }

  /** A send of the past (found in the journal on start) that still counts against the provider's limit. */
  noteSent(channel: string, at: number): void {
    this.lane(channel)?.window.record(at);
  }

  /** When a channel may next send under its limits, or null for a channel without an adapter. */
  nextSendAt(channel: string): number | null {
    return this.lane(channel)?.window.nextAt(this.options.clock.now()) ?? null;
  }

  /** Looks at a channel again: something was asked for, or its timer came due. */
  kick(channel: string): void {
    if (this.stopped) return;
    const lane = this.lane(channel);
    if (!lane || lane.busy) return;
    const { state, clock } = this.options;
    const head = state.head(channel);
    const adapter = this.adapters.get(channel);
    if (!head || !adapter) {
      lane.timer.clear();
      return;
    }
    const now = clock.now();
    const at = Math.max(head.nextAttemptAt ?? now, lane.window.nextAt(now), lane.pausedUntil);
    if (at > now) {
      lane.timer.set(at);
      return;
    }
    lane.timer.clear();
    lane.busy = this.attempt(lane, head, adapter)
      .catch((error: unknown) => {
        // Journal refused (disk full, say): the message stays open and is tried again later.
        this.options.log.error(`notify ${channel}: ${(error as Error).message}; trying again later`);
        lane.pausedUntil = clock.now() + RETRY_AFTER_FAILURE_MS;
      })
      .finally(() => {
        lane.busy = null;
        this.kick(channel);
      });
  }

  /** Stops sending: a send in flight may finish (its result is journalled), then is aborted. */
  async stop(): Promise<void> {
    this.stopped = true;
    const busy: Promise<void>[] = [];
    for (const lane of this.lanes.values()) {
      lane.timer.clear();
      if (lane.busy) busy.push(lane.busy);
    }
    const grace = this.options.stopGraceMs ?? 2_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(busy),
      new Promise<void>((done) => {
        timer = setTimeout(() => {
          for (const lane of this.lanes.values()) lane.inFlight?.abort();
          done();
        }, grace);
      }),
    ]);
    clearTimeout(timer);
    await Promise.all(busy);
  }

  private lane(channel: string): Lane | undefined {
    let lane = this.lanes.get(channel);
    if (lane) return lane;
    const adapter = this.adapters.get(channel);
    if (!adapter) return undefined;
    lane = {
      window: new SendWindow(adapter.limits),
      timer: new Alarmclock(
        this.options.clock,
        () => this.kick(channel),
        (error) => this.options.log.error(`notify ${channel}: ${(error as Error).message}`),
      ),
      busy: null,
      inFlight: null,
      pausedUntil: 0,
    };
    this.lanes.set(channel, lane);
    return lane;
  }

  private record(
    type: string,
    message: OutboxMessage,
    data: Record<string, string | number | boolean | null>,
    at = this.options.clock.now(),
  ): void {
    const { journal, state, onChange } = this.options;
    const event = journal.append({
      type,
      subject: message.subject,
      data: { message: message.id, channel: message.channel, ...data },
      actor: NOTIFY_ACTOR,
      ts: at,
    });
    state.apply(event);
    onChange(message);
  }

  private async attempt(lane: Lane, message: OutboxMessage, adapter: ChannelAdapter): Promise<void> {
    const { clock, log } = this.options;
    const attempt = message.attempts + 1;
    this.record(NOTIFY_EVENT.sending, message, { attempt });
    lane.window.record(clock.now());
    const controller = new AbortController();
    lane.inFlight = controller;
    let outcome: SendOutcome;
    try {
      outcome = await adapter.send(this.options.prepare?.(message) ?? message, controller.signal);
    } catch (error) {
      // Adapters answer with outcomes; a throw is a bug, and the message must not be lost to it.
      outcome = {
        kind: 'failed',
        code: 'adapter-error',
        detail: String((error as Error).message),
        uncertain: true,
      };
    } finally {
      lane.inFlight = null;
    }
    const where = `notify ${message.channel} ${message.kind} ${message.id} attempt ${attempt}`;
    if (outcome.kind === 'accepted') {
      this.record(NOTIFY_EVENT.accepted, message, { attempt, code: outcome.code });
      log.info(`${where}: accepted${message.mayDuplicate ? ' (an earlier attempt may also have gone)' : ''}`);
      return;
    }
    const detail = scrubSecrets(outcome.detail, adapter.secrets, SHOWN);
    const code = scrubSecrets(outcome.code, adapter.secrets, SHOWN);
    if (outcome.kind === 'refused') {
      this.record(NOTIFY_EVENT.refused, message, { attempt, code, detail });
      log.warn(`${where}: refused by the provider, code ${code}: ${detail}`);
      return;
    }
    const now = clock.now();
    const rateLimited = outcome.kind === 'rate-limited';
    const retryAt =
      outcome.kind === 'rate-limited'
        ? now + outcome.retryAfterMs
        : now +
          backoffMs(message.failures + 1, this.options.random(), this.options.backoff ?? DEFAULT_BACKOFF);
    this.record(
      NOTIFY_EVENT.retrying,
      message,
      {
        attempt,
        code,
        detail,
        reason: rateLimited ? 'rate-limit' : 'transient',
        retryAt,
        uncertain: outcome.kind === 'failed' && outcome.uncertain,
      },
      // The wait is measured from the journalled time of the failure.
      now,
    );
    log.warn(
      `${where}: ${rateLimited ? 'rate limited' : 'failed'} (${code}: ${detail}); next try in ${Math.round((retryAt - now) / 1000)} s`,
    );
  }
}
