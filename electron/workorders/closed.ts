import type { NoticeView } from '../../shared/api/contract';
import { ClosedIndex } from '../../shared/workorder/closed-pages';
import { isOpen } from '../../shared/workorder/state';
import { type RecordedEvent, replayEach } from '../alarms/recorded';
import type { Incident, WorkOrder } from './orders';
import { WorkOrderBook } from './orders';
import { replayWorkOrder } from './replay';

const DAY_MS = 86_400_000;
/**
 * How long the desk holds a closed order after it closed: past the
 * screens' recent window (7 days) with a week to spare. Older ones stay in
 * the journal and are read back for a page of older orders; held, a
 * five-year desk of 1,000 chargers would keep 150,000 of them, 3 kB each.
 */
export const CLOSED_HELD_MS = 14 * DAY_MS;
/** How often the held closed orders are looked over. */
export const SWEEP_EVERY_MS = 3_600_000;

/** One work order's journal events (its messages' notices apart), for reading a dropped order back. */
export type ArchivedOrder = { events: RecordedEvent[]; notices: NoticeView[] };

export type ClosedOrdersParts = {
  book: WorkOrderBook;
  /** Reads orders' events back from the journal, all at once; without it nothing is dropped. */
  read?: (ids: readonly string[]) => ReadonlyMap<string, ArchivedOrder>;
  /** Whether the incident is still its alarm's current one: the alarm's view shows the orders opened for it. */
  current: (incident: Incident) => boolean;
  /** Orders were dropped: what else is kept for them goes too. */
  onDrop: (ids: string[]) => void;
};

/** A rebuilt order's breaches need no remembering: it is closed, and nothing escalates it again. */
const NO_DEADLINES = { remember: () => {} };

/**
 * The closed work orders: where each stands in the newest-first list,
 * and which the desk lets go of. A closed order is dropped from the book
 * once it closed CLOSED_HELD_MS ago and it was not opened for its alarm
 * point's current incident (that alarm's view shows the order and the
 * clocks it stopped). So the desk holds the last fortnight's closed
 * orders and at most the last incident's of each alarm point: a number
 * that follows the fleet, not the desk's age. Asked for again (a page of
 * older orders, an order opened by id), a dropped order is replayed from
 * its own journal events through the same state machine as at start, and
 * not held.
 */
export class ClosedOrders {
  readonly index = new ClosedIndex();

  constructor(private readonly parts: ClosedOrdersParts) {}

  /** Notes an order that is closed, as it closes or as it is replayed. */
  noteIfClosed(order: WorkOrder): void {
    if (!isOpen(order.record.state)) this.index.add({ id: order.id, closedAt: closedAt(order) });
  }

  /** Drops those of `orders` (every order the book holds) that are due. */
  sweep(nowMs: number, orders: Iterable<WorkOrder> = this.parts.book.all()): void {
    if (!this.parts.read) return;
    const due = [...orders].filter((o) => !isOpen(o.record.state) && this.due(o, closedAt(o), nowMs));
    for (const order of due) this.parts.book.drop(order.id);
    if (due.length > 0) this.parts.onDrop(due.map((o) => o.id));
  }

  /**
   * A closed order the start's archive found, by its creation alone: noted
   * in the list and left in the journal if it is due to be let go of (see
   * sweep); false if it must be brought back whole.
   */
  leave(created: RecordedEvent, closedAt: number, nowMs: number): boolean {
    if (!this.parts.read) return false;
    const order = replayedAlone(created.subject, [created]);
    if (!order || !this.due(order, closedAt, nowMs)) return false;
    this.index.add({ id: order.id, closedAt });
    this.parts.book.saw(order.id);
    return true;
  }

  /** Orders the book does not hold, replayed from their journal events, with their notices; an id with none is left out. */
  readBack(ids: readonly string[]): Map<string, { order: WorkOrder; notices: NoticeView[] }> {
    const back = new Map<string, { order: WorkOrder; notices: NoticeView[] }>();
    if (!this.parts.read || ids.length === 0) return back;
    for (const [id, { events, notices }] of this.parts.read(ids)) {
      const order = replayedAlone(id, events);
      if (order) back.set(id, { order, notices });
    }
    return back;
  }

  /** Whether a closed order may be let go of: it closed CLOSED_HELD_MS ago, and no alarm's current incident names it. */
  private due(order: WorkOrder, closedAt: number, nowMs: number): boolean {
    return closedAt < nowMs - CLOSED_HELD_MS && !order.incidents.some((i) => this.parts.current(i));
  }
}

/** One order replayed from its events on a book of its own, as far as they go; undefined without its creation. */
function replayedAlone(id: string, events: readonly RecordedEvent[]): WorkOrder | undefined {
  const book = new WorkOrderBook();
  replayEach(events, 'workorder.', (e) => replayWorkOrder(book, NO_DEADLINES, e));
  return book.get(id);
}

/** When a closed order closed: its acceptance, or the last cancel among its steps. */
export function closedAt(order: WorkOrder): number {
  const { record, steps } = order;
  if (record.state === 'accepted' && record.acceptedAt !== null) return record.acceptedAt;
  return steps.findLast((s) => s.step === 'cancelled')?.at ?? steps.at(-1)?.at ?? record.createdAt;
}
