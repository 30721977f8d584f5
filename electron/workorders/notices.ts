import type { NoticeView } from '../../shared/api/contract';
import type { JournalEvent } from '../../shared/journal/event';
import { NOTIFY_EVENT_TYPES } from '../../shared/notify/events';
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

const PAGE = 5_000;

/**
 * The notifications of each work order (those whose refs name it), and
 * where each stands in the outbox: rebuilt from the journal's notify events
 * on start, kept current from the notifier's changes, for the timeline.
 */
export class WorkOrderNotices {
  private readonly byOrder = new Map<string, Map<string, Shown>>();

  /**
   * Replays every notify event of the journal (all of them: settled ones are
   * what the timeline shows); returns them, oldest first.
   */
  restore(
    read: (query: { type: string; afterSeq: number; limit: number }) => JournalEvent[],
  ): JournalEvent[] {
    const events: JournalEvent[] = [];
    for (const type of NOTIFY_EVENT_TYPES) {
      for (let afterSeq = 0; ; ) {
        const page = read({ type, afterSeq, limit: PAGE });
        events.push(...page);
        const last = page.at(-1);
        if (!last || page.length < PAGE) break;
        afterSeq = last.seq;
      }
    }
    const outbox = new OutboxState();
    for (const event of events.sort((a, b) => a.seq - b.seq)) {
      const message = outbox.apply(event);
      if (message) this.keep(message);
    }
    return events;
  }

  /** A message changed; returns the work order it belongs to, if any. */
  changed(message: MessageView): string | null {
    return this.keep(message);
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
