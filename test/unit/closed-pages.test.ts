import { describe, expect, it } from 'vitest';
import { methods } from '../../shared/api/contract';
import { ClosedIndex, type ClosedOrder, cursorOf, parseCursor } from '../../shared/workorder/closed-pages';

const params = methods['workorders.list'].params;

describe('paging back through closed work orders', () => {
  const closed = [
    { id: 'WO-0003', closedAt: 500 },
    { id: 'WO-0001', closedAt: 900 },
    { id: 'WO-0004', closedAt: 700 },
    { id: 'WO-0002', closedAt: 700 },
    { id: 'WO-0005', closedAt: 100 },
  ];

  const indexOf = (orders: readonly ClosedOrder[]) => {
    const index = new ClosedIndex();
    for (const o of orders) index.add(o);
    return index;
  };

  it('goes newest first, orders closed in the same millisecond by id, each once, and says how many are left', () => {
    const index = indexOf(closed);
    const first = index.page(null, 2);
    expect(first.page.map((o) => o.id)).toEqual(['WO-0001', 'WO-0004']);
    expect(first).toMatchObject({ next: '700:WO-0004', older: 3 });
    const second = index.page(parseCursor(first.next ?? ''), 2);
    expect(second.page.map((o) => o.id)).toEqual(['WO-0002', 'WO-0003']);
    const last = index.page(parseCursor(second.next ?? ''), 2);
    expect(last).toEqual({ page: [{ id: 'WO-0005', closedAt: 100 }], next: null, older: 0 });
  });

  it('a cursor with no id stands for a time: everything closed before it', () => {
    const index = indexOf(closed);
    expect(index.page(parseCursor('700:'), 10).page.map((o) => o.id)).toEqual(['WO-0003', 'WO-0005']);
    expect(index.since(700)).toEqual({
      recent: [
        { id: 'WO-0001', closedAt: 900 },
        { id: 'WO-0004', closedAt: 700 },
        { id: 'WO-0002', closedAt: 700 },
      ],
      older: 2,
    });
    expect(parseCursor(cursorOf({ closedAt: 42, id: 'WO-0042' }))).toEqual({ closedAt: 42, id: 'WO-0042' });
  });

  it('pages every order exactly once whatever order they were added in, an order added twice kept once', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const orders = Array.from({ length: 1_000 }, (_, i) => ({
      id: `WO-${String(i + 1).padStart(4, '0')}`,
      closedAt: Math.floor(random() * 300),
    }));
    const shuffled = [...orders, ...orders.slice(0, 50)].sort(() => random() - 0.5);
    const index = indexOf(shuffled);
    expect(index.size).toBe(1_000);
    const seen: ClosedOrder[] = [];
    for (let cursor: string | null = null, pages = 0; pages < 100; pages++) {
      const { page, next } = index.page(cursor === null ? null : parseCursor(cursor), 37);
      seen.push(...page);
      if (next === null) break;
      cursor = next;
    }
    const expected = [...orders].sort((a, b) => b.closedAt - a.closedAt || (a.id < b.id ? 1 : -1));
    expect(seen).toEqual(expected);
  });

  it('the contract takes the recent window or a cursor, and refuses a cursor it did not make or both at once', () => {
    expect(params.safeParse({}).success).toBe(true);
    expect(params.safeParse({ closedWithinMs: 604_800_000 }).success).toBe(true);
    expect(params.safeParse({ closedBefore: '1700000000000:WO-0001', limit: 200 }).success).toBe(true);
    expect(params.safeParse({ closedBefore: 'WO-0001' }).success).toBe(false);
    expect(params.safeParse({ closedBefore: '12:a:b' }).success).toBe(false);
    expect(params.safeParse({ closedWithinMs: -1 }).success).toBe(false);
    expect(params.safeParse({ limit: 501 }).success).toBe(false);
    expect(params.safeParse({ closedWithinMs: 1, closedBefore: '1:' }).success).toBe(false);
  });
});
