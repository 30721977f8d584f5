/**
 * Paging back through closed work orders, newest first. A closed order is
 * placed by when it closed and then by id, so two orders closed in the same
 * millisecond still page in one order and none is skipped or shown twice;
 * a cursor names the last order a page gave (`closedAt:id`).
 */
export type ClosedOrder = { id: string; closedAt: number };

export function cursorOf(order: ClosedOrder): string {
  return `${order.closedAt}:${order.id}`;
}

/** A cursor as workorders.list's params check it (`^\d+:[^:]*$`); an id may be empty to mean "before this time". */
export function parseCursor(cursor: string): ClosedOrder {
  const at = cursor.indexOf(':');
  return { closedAt: Number(cursor.slice(0, at)), id: cursor.slice(at + 1) };
}

/** Newest first: later closing first, then the greater id. */
export function newestFirst(a: ClosedOrder, b: ClosedOrder): number {
  if (a.closedAt !== b.closedAt) return b.closedAt - a.closedAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Oldest first: the order the index keeps, since orders close one after another. */
const oldestFirst = (a: ClosedOrder, b: ClosedOrder) => newestFirst(b, a);

/**
 * Where every closed order stands in newest-first order, whether the desk
 * holds the order itself or left it in the journal: about 100 bytes an
 * order where the order with its steps and clocks is 3 kB. Orders close in
 * time order as the desk runs, so adding one is a push; a replay or the
 * archive adds them out of order and the next page sorts once.
 */
export class ClosedIndex {
  private entries: ClosedOrder[] = [];
  private sorted = true;

  get size(): number {
    this.sort();
    return this.entries.length;
  }

  add(order: ClosedOrder): void {
    const last = this.entries.at(-1);
    if (last && oldestFirst(last, order) >= 0) this.sorted = false;
    this.entries.push({ id: order.id, closedAt: order.closedAt });
  }

  /** Every closed order, oldest first. */
  all(): readonly ClosedOrder[] {
    this.sort();
    return this.entries;
  }

  /** Those closed at or after `since`, newest first, and how many closed before it. */
  since(since: number): { recent: ClosedOrder[]; older: number } {
    const older = this.countBefore({ closedAt: since, id: '' });
    return { recent: this.entries.slice(older).reverse(), older };
  }

  /**
   * The closed orders after `before` in newest-first order (all of them when
   * null), at most `limit`, with the cursor of the next page (null when none
   * is left) and how many are left after this page.
   */
  page(
    before: ClosedOrder | null,
    limit: number,
  ): { page: ClosedOrder[]; next: string | null; older: number } {
    const end = before === null ? this.size : this.countBefore(before);
    const older = Math.max(0, end - limit);
    const page = this.entries.slice(older, end).reverse();
    const last = page.at(-1);
    return { page, next: older > 0 && last ? cursorOf(last) : null, older };
  }

  /** How many come before `cursor` in oldest-first order: a binary search. */
  private countBefore(cursor: ClosedOrder): number {
    this.sort();
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (oldestFirst(this.entries[mid] as ClosedOrder, cursor) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Sorts what was added out of order; an order added twice (replayed again) is kept once. */
  private sort(): void {
    if (this.sorted) return;
    this.entries.sort(oldestFirst);
    this.entries = this.entries.filter((e, i) => i === 0 || this.entries[i - 1]?.id !== e.id);
    this.sorted = true;
  }
}
