import { describe, expect, it } from 'vitest';
import { methods } from '../../shared/api/contract';
import { closedPage, cursorOf, parseCursor } from '../../shared/workorder/closed-pages';

const params = methods['workorders.list'].params;

describe('paging back through closed work orders', () => {
  const closed = [
    { id: 'WO-0003', closedAt: 500 },
    { id: 'WO-0001', closedAt: 900 },
    { id: 'WO-0004', closedAt: 700 },
    { id: 'WO-0002', closedAt: 700 },
    { id: 'WO-0005', closedAt: 100 },
  ];

  it('goes newest first, orders closed in the same millisecond by id, each once, and says how many are left', () => {
    const first = closedPage(closed, null, 2);
    expect(first.page.map((o) => o.id)).toEqual(['WO-0001', 'WO-0004']);
    expect(first).toMatchObject({ next: '700:WO-0004', older: 3 });
    const second = closedPage(closed, parseCursor(first.next ?? ''), 2);
    expect(second.page.map((o) => o.id)).toEqual(['WO-0002', 'WO-0003']);
    const last = closedPage(closed, parseCursor(second.next ?? ''), 2);
    expect(last).toEqual({ page: [{ id: 'WO-0005', closedAt: 100 }], next: null, older: 0 });
  });

  it('a cursor with no id stands for a time: everything closed before it', () => {
    expect(closedPage(closed, parseCursor('700:'), 10).page.map((o) => o.id)).toEqual(['WO-0003', 'WO-0005']);
    expect(parseCursor(cursorOf({ closedAt: 42, id: 'WO-0042' }))).toEqual({ closedAt: 42, id: 'WO-0042' });
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
