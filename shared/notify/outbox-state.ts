import type { StoredEvent } from '../journal/event';
import {
  AcceptedData,
  CancelledData,
  type MessageKind,
  NOTIFY_EVENT,
  NotifyRequest,
  type Recipients,
  RefusedData,
  RetryingData,
  SendingData,
} from './events';

/**
 * queued: waiting its turn on its channel (or the provider's limit);
 * sending: an attempt journalled and not yet answered (after a restart: cut
 * off, its fate unknown); retrying: the last attempt failed or was rate
 * limited, the next is due at nextAttemptAt; then one of the settled states.
 */
export type MessageState = 'queued' | 'sending' | 'retrying' | 'accepted' | 'refused' | 'cancelled';

export type OutboxMessage = {
  /** The id of its notify.requested event. */
  id: string;
  seq: number;
  channel: string;
  subject: string;
  kind: MessageKind;
  title: string;
  body: string;
  to: Recipients;
  link: string | null;
  refs: Record<string, string>;
  requestedAt: number;
  state: MessageState;
  attempts: number;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  /** Passing faults in a row, for the backoff. */
  failures: number;
  /** The provider's code and text of the last answer, e.g. "45009" and "api freq out of limit". */
  code: string | null;
  detail: string | null;
  settledAt: number | null;
  /** The last attempt's fate is unknown: cut off by a crash, or timed out after the request went out. */
  lastUncertain: boolean;
  /**
   * Sent again after an attempt whose fate is unknown, so the provider may
   * have it twice. At-least-once: the UI says so rather than risk losing it.
   */
  mayDuplicate: boolean;
};

export const SETTLED: ReadonlySet<MessageState> = new Set(['accepted', 'refused', 'cancelled']);

/** How many settled messages stay in memory for the UI; older ones are in the journal. */
const RECENT = 200;

/**
 * The outbox as a projection of the notify.* journal events, applied in
 * seq order: each channel's open messages in the order they were asked
 * for, and where each stands. It holds no I/O, so a restart rebuilds it by
 * replaying the journal and a test can drive it with events alone.
 */
export class OutboxState {
  private readonly open = new Map<string, OutboxMessage>();
  private readonly queues = new Map<string, OutboxMessage[]>();
  private readonly recent: OutboxMessage[] = [];
  private lastSeq = 0;

  /**
   * Applies one journal event; returns the message it changed, or null (not
   * a notify event, malformed, a message seen before, or one settled before
   * the replay began).
   */
  apply(event: StoredEvent): OutboxMessage | null {
    this.lastSeq = Math.max(this.lastSeq, event.seq);
    switch (event.type) {
      case NOTIFY_EVENT.requested:
        return this.requested(event);
      case NOTIFY_EVENT.sending: {
        const data = SendingData.safeParse(event.data);
        const message = data.success ? this.open.get(data.data.message) : undefined;
        if (!message || !data.success) return null;
        if (message.lastUncertain) message.mayDuplicate = true;
        message.state = 'sending';
        message.attempts = data.data.attempt;
        message.lastAttemptAt = event.ts;
        message.nextAttemptAt = null;
        // Unknown until its answer is journalled.
        message.lastUncertain = true;
        return message;
      }
      case NOTIFY_EVENT.accepted: {
        const data = AcceptedData.safeParse(event.data);
        if (!data.success) return null;
        return this.settle(data.data.message, 'accepted', event.ts, data.data.code, null);
      }
      case NOTIFY_EVENT.refused: {
        const data = RefusedData.safeParse(event.data);
        if (!data.success) return null;
        return this.settle(data.data.message, 'refused', event.ts, data.data.code, data.data.detail);
      }
      case NOTIFY_EVENT.cancelled: {
        const data = CancelledData.safeParse(event.data);
        if (!data.success) return null;
        return this.settle(data.data.message, 'cancelled', event.ts, null, event.reason);
      }
      case NOTIFY_EVENT.retrying: {
        const data = RetryingData.safeParse(event.data);
        const message = data.success ? this.open.get(data.data.message) : undefined;
        if (!message || !data.success) return null;
        message.state = 'retrying';
        message.code = data.data.code;
        message.detail = data.data.detail;
        message.nextAttemptAt = data.data.retryAt;
        message.failures = data.data.reason === 'transient' ? message.failures + 1 : 0;
        message.lastUncertain = data.data.uncertain;
        return message;
      }
      default:
        return null;
    }
  }

  /**
   * Before a replay from `seq`: everything earlier is settled, so with
   * nothing open the next replay may start here too.
   */
  replayStartsAt(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq - 1);
  }

  /** The open message a channel must deliver next: order per channel is kept by never passing it. */
  head(channel: string): OutboxMessage | undefined {
    return this.queues.get(channel)?.[0];
  }

  /** An open message's place in its channel's queue (0: next to go), or null once settled. */
  position(message: OutboxMessage): number | null {
    const at = this.queues.get(message.channel)?.indexOf(message) ?? -1;
    return at < 0 ? null : at;
  }

  /** Channels with open messages. */
  channels(): string[] {
    return [...this.queues.keys()];
  }

  get(id: string): OutboxMessage | undefined {
    return this.open.get(id) ?? this.recent.find((m) => m.id === id);
  }

  /** Open messages, each channel in its order, channels by their oldest message. */
  pending(): OutboxMessage[] {
    return [...this.queues.values()].flat().sort((a, b) => a.seq - b.seq);
  }

  pendingCount(channel?: string): number {
    return channel === undefined ? this.open.size : (this.queues.get(channel)?.length ?? 0);
  }

  /** Settled messages this run has seen, newest first. */
  settled(): OutboxMessage[] {
    return [...this.recent].reverse();
  }

  /**
   * The seq a replay must start from to rebuild the open messages: the
   * oldest open request, or just after everything seen. Every event before
   * it belongs to a message that is settled.
   */
  replayFrom(): number {
    let from = this.lastSeq + 1;
    for (const message of this.open.values()) from = Math.min(from, message.seq);
    return from;
  }

  private requested(event: StoredEvent): OutboxMessage | null {
    const parsed = NotifyRequest.safeParse(event.data);
    if (!parsed.success || this.get(event.id)) return null;
    const request = parsed.data;
    const message: OutboxMessage = {
      id: event.id,
      seq: event.seq,
      channel: request.channel,
      subject: event.subject,
      kind: request.kind,
      title: request.title,
      body: request.body,
      to: request.to,
      link: request.link ?? null,
      refs: request.refs,
      requestedAt: event.ts,
      state: 'queued',
      attempts: 0,
      lastAttemptAt: null,
      nextAttemptAt: null,
      failures: 0,
      code: null,
      detail: null,
      settledAt: null,
      lastUncertain: false,
      mayDuplicate: false,
    };
    this.open.set(message.id, message);
    const queue = this.queues.get(message.channel);
    if (!queue) this.queues.set(message.channel, [message]);
    else {
      queue.push(message);
      // Events journalled elsewhere may be handed in late; a channel keeps journal order.
      if ((queue.at(-2)?.seq ?? 0) > message.seq) queue.sort((a, b) => a.seq - b.seq);
    }
    return message;
  }

  private settle(
    id: string,
    state: MessageState,
    at: number,
    code: string | null,
    detail: string | null,
  ): OutboxMessage | null {
    const message = this.open.get(id);
    if (!message) return null;
    message.state = state;
    message.settledAt = at;
    message.nextAttemptAt = null;
    if (state !== 'cancelled') message.code = code;
    if (detail !== null) message.detail = detail;
    if (state === 'accepted') message.lastUncertain = false;
    this.open.delete(id);
    const queue = this.queues.get(message.channel) ?? [];
    const at0 = queue[0] === message ? 0 : queue.indexOf(message);
    if (at0 >= 0) queue.splice(at0, 1);
    if (queue.length === 0) this.queues.delete(message.channel);
    this.recent.push(message);
    if (this.recent.length > RECENT) this.recent.shift();
    return message;
  }
}
