import type { NoticeView } from '../../shared/api/contract';
import type { StoredEvent } from '../../shared/journal/event';
import { type OutboxMessage, OutboxState } from '../../shared/notify/outbox-state';
import type { MessageView } from '../notify/notifier';

type Shown = Pick<
  OutboxMessage,
  | 'id'
  | 'channel'
  | 'kind'
  | 'title'
  | 'requestedAt'
  | 'state'
  | 'attempts'
  | 'code'
  | 'detail'
  | 'nextAttemptAt'
  | 'settledAt'
  | 'mayDuplicate'
  | 'refs'
>;

/**
 * The notifications of each work order (those whose refs name it), and
 * where each stands in the outbox: rebuilt from the journal's notify events
 * on start, kept current from the notifier's changes, for the timeline.
 */
export class WorkOrderNotices {
  private readonly byOrder = new Map<string, Map<string, Shown>>();

  /**
   * Replays notify events, oldest first: every one of the journal, or on a
   * snapshot start those of open work orders and open messages (settled
   * ones are what the timeline shows). `keepHeld`: events brought back from
   * before the start (the archive's) leave the messages already held as
   * they are, which the start and the notifier have since brought further.
   */
  restore(events: readonly StoredEvent[], keepHeld = false): void {
    const held = keepHeld ? new Set([...this.byOrder.values()].flatMap((shown) => [...shown.keys()])) : null;
    const outbox = new OutboxState();
    for (const event of events) {
      const message = outbox.apply(event);
      if (message && !held?.has(message.id)) this.keep(message);
    }
  }

  /** A message changed; returns the work order it belongs to, if any. */
  changed(message: MessageView): string | null {
    return this.keep(message);
  }

  /** The work order was let go of (closed long ago): its notices are read back with it from the journal. */
  forget(workOrderId: string): void {
    this.byOrder.delete(workOrderId);
  }

  of(workOrderId: string): NoticeView[] {
    return [...(this.byOrder.get(workOrderId)?.values() ?? [])].map((m) => ({
      id: m.id,
      channel: m.channel,
      kind: m.kind,
      title: m.title,
      requestedAt: m.requestedAt,
      state: m.state,
      attempts: m.attempts,
      code: m.code,
      detail: m.detail,
      nextAttemptAt: m.nextAttemptAt,
      settledAt: m.settledAt,
      mayDuplicate: m.mayDuplicate,
    }));
  }

  private keep(message: Shown): string | null {
    const id = message.refs.workOrder;
    if (!id) return null;
    const shown = this.byOrder.get(id) ?? new Map<string, Shown>();
    shown.set(message.id, message);
    this.byOrder.set(id, shown);
    return id;
  }
}
