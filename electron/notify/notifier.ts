import { join } from 'node:path';
import type { Actor, JournalEvent, JournalInput } from '../../shared/journal/event';
import type { NotifyConfig } from '../../shared/notify/config';
import {
  NOTIFY_ACTOR,
  NOTIFY_EVENT,
  NOTIFY_EVENT_TYPES,
  NotifyRequest,
  type NotifyRequestInput,
} from '../../shared/notify/events';
import { type OutboxMessage, OutboxState, SETTLED } from '../../shared/notify/outbox-state';
import type { Backoff } from '../../shared/notify/pacing';
import { LINK_AT_SEND } from '../../shared/notify/text';
import { type DeskClock, systemClock } from '../alarms/clock';
import type { Logger } from '../log/logger';
import type { ChannelAdapter } from './adapter';
import { type AdapterFactory, buildChannels, type ChannelStatus } from './channels';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { Delivery } from './delivery';

/** What the notifier needs of the journal. */
export type NotifierJournal = {
  readonly deskId: string;
  append(input: JournalInput): JournalEvent;
  read(query: { afterSeq?: number; limit?: number; type?: string }): JournalEvent[];
};

export type NotifierOptions = {
  journal: NotifierJournal;
  config: NotifyConfig | undefined;
  /** The folder of the journal: the replay checkpoint goes beside it. */
  dir: string;
  log: Logger;
  clock?: DeskClock;
  /** In [0, 1), for the backoff's jitter. */
  random?: () => number;
  backoff?: Backoff;
  stopGraceMs?: number;
  /** Replaces every provider adapter (a training desk's sink); without it each channel speaks to its provider. */
  adapters?: AdapterFactory;
};

/** A message as the UI shows it. */
export type MessageView = Omit<OutboxMessage, 'failures' | 'lastUncertain' | 'seq'> & {
  /** Place in its channel's queue: 0 is being delivered (or waiting to be retried), n has n before it. */
  position: number | null;
  /** Why its channel cannot deliver at all, e.g. a misconfigured channel, naming the field. */
  blocked: string | null;
};

export type ChannelView = ChannelStatus & { pending: number; nextSendAt: number | null };

/** A request the notifier refuses; nothing was journalled. */
export class NotifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotifyError';
  }
}

/** What the message is about and who asks, for its journal event. */
export type RequestAbout = { subject: string; actor?: Actor; reason?: string | null };

const CHECKPOINT_FILE = 'notify-outbox.json';
/** The checkpoint is rewritten at most this often (real time) while messages settle. */
const CHECKPOINT_EVERY_MS = 30_000;
const PAGE = 2_000;
/** How far back journalled sends still count against a provider's limit after a restart. */
const LIMIT_MEMORY_MS = 60_000;

/**
 * The journal event that asks for a message, checked: for a caller that
 * journals it in its own transaction (a dispatch and its notice together)
 * and then hands the stored event to `ingest`.
 */
export function requestInput(request: NotifyRequestInput, about: RequestAbout, ts: number): JournalInput {
  const parsed = NotifyRequest.safeParse(request);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    throw new NotifyError(`notification refused, nothing recorded: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return {
    type: NOTIFY_EVENT.requested,
    subject: about.subject,
    data: parsed.data,
    actor: about.actor ?? NOTIFY_ACTOR,
    reason: about.reason ?? null,
    ts,
  };
}

/**
 * The desk's notifications: requests are journalled first, then delivered
 * through the outbox by the channel adapters, at least once, each result
 * journalled. The outbox is rebuilt from the journal on start (from a
 * checkpoint past everything settled), so a restart or a kill -9 loses
 * nothing; an attempt a crash cut off is sent again and shown as possibly
 * duplicated (`mayDuplicate`), since robots and SMTP have no idempotency key.
 */
export class Notifier {
  private readonly state = new OutboxState();
  private readonly delivery: Delivery;
  private readonly listeners = new Set<(message: MessageView) => void>();
  private readonly clock: DeskClock;
  private readonly checkpointFile: string;
  private adapters = new Map<string, ChannelAdapter>();
  private status: ChannelStatus[] = [];
  private checkpoint = { fromSeq: 0, writtenAt: 0 };
  private stopped = false;
  private linkResolver: ((message: OutboxMessage) => string | null) | null = null;

  /** Rebuilds the outbox from the journal and starts delivering. */
  static start(options: NotifierOptions): Notifier {
    const notifier = new Notifier(options);
    notifier.configure(options.config, { deliver: false });
    notifier.replay();
    notifier.saveCheckpoint(true);
    notifier.delivery.setAdapters(notifier.adapters);
    const pending = notifier.state.pendingCount();
    if (pending > 0)
      options.log.info(`notify: ${pending} message(s) waiting in the outbox from before the restart`);
    return notifier;
  }

  private constructor(private readonly options: NotifierOptions) {
    this.clock = options.clock ?? systemClock;
    this.checkpointFile = join(options.dir, CHECKPOINT_FILE);
    this.delivery = new Delivery({
      journal: options.journal,
      state: this.state,
      clock: this.clock,
      log: options.log,
      random: options.random ?? Math.random,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
      onChange: (message) => this.changed(message),
      prepare: (message) => this.prepared(message),
    });
  }

  /**
   * Mints, as each attempt goes out, the link a message keeps only as
   * LINK_AT_SEND (a crew page capability, which must not sit in the
   * journal). Without one, or when it cannot be minted now (sync off), the
   * message goes without its link line.
   */
  resolveLinks(resolve: (message: OutboxMessage) => string | null): void {
    this.linkResolver = resolve;
  }

  private prepared(message: OutboxMessage): OutboxMessage {
    if (!message.body.includes(LINK_AT_SEND)) return message;
    const url = this.linkResolver?.(message) ?? null;
    const body = url
      ? message.body.replaceAll(LINK_AT_SEND, url)
      : message.body
          .split('\n')
          .filter((line) => !line.includes(LINK_AT_SEND))
          .join('\n');
    return { ...message, body };
  }

  /** Takes a new notify section (after a configuration change): channels are rebuilt, open messages stay. */
  configure(config: NotifyConfig | undefined, options: { deliver?: boolean } = {}): void {
    const built = buildChannels(config?.channels ?? [], this.options.adapters);
    const old = this.adapters;
    this.adapters = built.adapters;
    this.status = built.status;
    for (const channel of built.status) {
      if (channel.problem) this.options.log.error(`notify: channel not usable: ${channel.problem}`);
    }
    if (options.deliver !== false) this.delivery.setAdapters(this.adapters);
    for (const adapter of old.values()) void adapter.close();
  }

  /** Journals one message and queues it; returns once the request is durable. */
  request(request: NotifyRequestInput, about: RequestAbout): MessageView {
    this.checkChannel(request.channel);
    const event = this.options.journal.append(requestInput(request, about, this.clock.now()));
    this.ingest([event]);
    return this.view(this.state.get(event.id) as OutboxMessage);
  }

  /** Queues notify.requested events journalled by someone else (see requestInput); other events are ignored. */
  ingest(events: readonly JournalEvent[]): void {
    const channels = new Set<string>();
    for (const event of events) {
      if (event.type !== NOTIFY_EVENT.requested) continue;
      const message = this.state.apply(event);
      if (!message) continue;
      channels.add(message.channel);
      this.changed(message);
    }
    for (const channel of channels) this.delivery.kick(channel);
  }

  /** Stops trying an open message; journalled with the reason. */
  cancel(id: string, reason: string, actor: Actor): MessageView {
    const message = this.state.get(id);
    if (!message) throw new NotifyError(`no notification ${id}`);
    if (SETTLED.has(message.state)) throw new NotifyError(`notification ${id} is already ${message.state}`);
    if (message.state === 'sending' && this.isHead(message)) {
      throw new NotifyError(`notification ${id} is being sent now; cancel it after this attempt`);
    }
    if (!reason.trim()) throw new NotifyError('a reason is required to cancel a notification');
    const event = this.options.journal.append({
      type: NOTIFY_EVENT.cancelled,
      subject: message.subject,
      data: { message: id, channel: message.channel },
      actor,
      reason: reason.trim(),
      ts: this.clock.now(),
    });
    this.state.apply(event);
    this.changed(message);
    this.delivery.kick(message.channel);
    return this.view(message);
  }

  /** Open messages, oldest first. */
  pending(): MessageView[] {
    return this.state.pending().map((m) => this.view(m));
  }

  pendingCount(channel?: string): number {
    return this.state.pendingCount(channel);
  }

  /** A message that is open or settled during this run (older ones are in the journal, by subject). */
  message(id: string): MessageView | null {
    const message = this.state.get(id);
    return message ? this.view(message) : null;
  }

  /** Settled messages of this run, newest first. */
  recent(): MessageView[] {
    return this.state.settled().map((m) => this.view(m));
  }

  channels(): ChannelView[] {
    const listed = new Set(this.status.map((s) => s.id));
    const orphans: ChannelStatus[] = this.state
      .channels()
      .filter((id) => !listed.has(id))
      .map((id) => ({
        id,
        type: null,
        name: null,
        state: 'misconfigured',
        problem: `no channel "${id}" in notify.channels`,
      }));
    return [...this.status, ...orphans].map((status) => ({
      ...status,
      pending: this.state.pendingCount(status.id),
      nextSendAt: this.delivery.nextSendAt(status.id),
    }));
  }

  /** Called with every message that changed: requested, attempted, answered, cancelled. */
  onChange(listener: (message: MessageView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lets a send in flight finish (briefly), journals its result, and closes the channels. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.delivery.stop();
    this.saveCheckpoint(true);
    await Promise.all([...this.adapters.values()].map((a) => a.close()));
    this.listeners.clear();
  }

  private checkChannel(channel: string): void {
    if (this.status.some((s) => s.id === channel)) return;
    const known = this.status.map((s) => s.id).join(', ') || 'none configured';
    throw new NotifyError(
      `notification refused, nothing recorded: no channel "${channel}" in notify.channels (known: ${known})`,
    );
  }

  private isHead(message: OutboxMessage): boolean {
    return this.state.head(message.channel) === message;
  }

  /** Rebuilds the open messages from the notify events after the checkpoint. */
  private replay(): void {
    const { journal } = this.options;
    const from = readCheckpoint(
      this.checkpointFile,
      journal.deskId,
      (seq) => journal.read({ afterSeq: seq - 1, limit: 1 })[0]?.id ?? null,
    );
    this.state.replayStartsAt(from);
    const events: JournalEvent[] = [];
    for (const type of NOTIFY_EVENT_TYPES) {
      for (let after = from - 1; ; ) {
        const page = journal.read({ type, afterSeq: after, limit: PAGE });
        events.push(...page);
        if (page.length < PAGE) break;
        after = page.at(-1)?.seq ?? after;
      }
    }
    events.sort((a, b) => a.seq - b.seq);
    const recentSince = this.clock.now() - LIMIT_MEMORY_MS;
    for (const event of events) {
      const message = this.state.apply(event);
      if (message && event.type === NOTIFY_EVENT.sending && event.ts > recentSince) {
        this.delivery.noteSent(message.channel, event.ts);
      }
    }
  }

  private changed(message: OutboxMessage): void {
    if (SETTLED.has(message.state)) this.saveCheckpoint(false);
    if (this.listeners.size === 0) return;
    const view = this.view(message);
    for (const listener of this.listeners) listener(view);
  }

  private saveCheckpoint(force: boolean): void {
    const fromSeq = this.state.replayFrom();
    const now = Date.now();
    if (fromSeq === this.checkpoint.fromSeq) return;
    if (!force && now - this.checkpoint.writtenAt < CHECKPOINT_EVERY_MS) return;
    const { journal } = this.options;
    try {
      const before = fromSeq > 1 ? (journal.read({ afterSeq: fromSeq - 2, limit: 1 })[0]?.id ?? null) : null;
      writeCheckpoint(this.checkpointFile, { desk: journal.deskId, fromSeq, before });
      this.checkpoint = { fromSeq, writtenAt: now };
    } catch (error) {
      // Only costs a longer replay at the next start.
      this.options.log.warn(`notify: outbox checkpoint not written: ${(error as Error).message}`);
    }
  }

  private view(message: OutboxMessage): MessageView {
    const { failures: _f, lastUncertain: _u, seq: _s, ...shown } = message;
    const open = !SETTLED.has(message.state);
    const status = this.status.find((s) => s.id === message.channel);
    const blocked = !open
      ? null
      : !status
        ? `no channel "${message.channel}" in notify.channels`
        : status.state === 'disabled'
          ? `channel "${message.channel}" is switched off`
          : status.problem;
    return {
      ...shown,
      to: { ...message.to },
      refs: { ...message.refs },
      position: this.state.position(message),
      blocked,
    };
  }
}
