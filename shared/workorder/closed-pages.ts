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

/**
 * The closed orders after `before` in newest-first order (all of them when
 * null), at most `limit`, with the cursor of the next page (null when none
 * is left) and how many are left after this page.
 */
export function closedPage<T extends ClosedOrder>(
  closed: readonly T[],
  before: ClosedOrder | null,
  limit: number,
): { page: T[]; next: string | null; older: number } {
  const after = before === null ? [...closed] : closed.filter((o) => newestFirst(before, o) < 0);
  after.sort(newestFirst);
  const page = after.slice(0, limit);
  const last = page.at(-1);
  const older = after.length - page.length;
  return { page, next: older > 0 && last ? cursorOf(last) : null, older };
}
