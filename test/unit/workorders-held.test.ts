import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '../../electron/alarms/recorded';
import { CLOSED_HELD_MS } from '../../electron/workorders/closed';
import { DEVICES, desk, HOUR, lead, monitor, status, T0 } from '../helpers/duty-services';

const DAY = 24 * HOUR;

let journal: RecordedEvent[];
let d: ReturnType<typeof desk>;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  journal = [];
  d = desk(journal, { readBack: true });
  d.alarms.onStatus(DEVICES.map((x) => status(x.id)));
});
afterEach(() => {
  d.stop();
  vi.useRealTimers();
});

/** An order on the device's fault, worked and accepted; then the fault clears. */
function worked(deviceId: string, cause: string): string {
  const alarmId = `${deviceId}:${cause}`;
  d.alarms.onStatus([status(deviceId, [cause])]);
  d.alarms.ack(alarmId, monitor);
  const order = d.orders.create({ alarmIds: [alarmId], title: cause }, monitor);
  d.orders.dispatch(order.id, ['zhao.lei', 'sun.hao'], undefined, monitor);
  d.orders.arrive(order.id, Date.now(), undefined, monitor);
  d.orders.resolve(order.id, 'fixed', monitor);
  d.orders.accept(order.id, undefined, lead);
  d.alarms.onStatus([status(deviceId)]);
  return order.id;
}

const held = () => d.orders.refs().map((o) => o.id);

/** The same journal replayed whole by a desk that holds every order: what a dropped order must read as. */
function asHeldByAll(id: string) {
  const whole = desk([...journal]);
  whole.restore();
  const view = whole.orders.get(id);
  whole.stop();
  return view;
}

describe('closed work orders the desk lets go of', () => {
  it('holds one while it is its alarm point’s current incident, lets go of it after a fortnight once the alarm is raised again, and reads it back as it was', () => {
    const first = worked('s1-dc1', 'groundFault');
    vi.advanceTimersByTime(CLOSED_HELD_MS + DAY);
    // The alarm's view still shows the order and the clocks it stopped.
    expect(held()).toContain(first);
    expect(d.alarm('s1-dc1:groundFault')?.workOrderIds).toEqual([first]);

    d.alarms.onStatus([status('s1-dc1', ['groundFault'])]);
    vi.advanceTimersByTime(HOUR + 1);
    expect(held()).not.toContain(first);

    expect(d.orders.get(first)).toEqual(asHeldByAll(first));
    const recent = d.orders.list({ closedWithinMs: 7 * DAY });
    expect(recent.workOrders.map((o) => o.id)).not.toContain(first);
    expect(recent.older).toBe(1);
    const older = d.orders.list({ closedBefore: recent.next ?? '' });
    expect(older.workOrders).toEqual([asHeldByAll(first)]);
    expect(d.orders.list().workOrders.map((o) => o.id)).toEqual([first]);
  });

  it('refuses a step on one it let go of as closed, journals nothing, and never gives its id again', () => {
    const first = worked('s1-dc1', 'groundFault');
    vi.advanceTimersByTime(HOUR);
    d.alarms.onStatus([status('s1-dc1', ['groundFault'])]);
    vi.advanceTimersByTime(CLOSED_HELD_MS + DAY);
    expect(held()).toEqual([]);
    const length = journal.length;
    expect(() => d.orders.reopen(first, 'again', lead)).toThrow(/closed/);
    expect(() => d.orders.get('WO-9999')).toThrow(/no work order/);
    expect(journal).toHaveLength(length);
    const second = d.orders.create({ alarmIds: ['s1-dc1:groundFault'], title: 'again' }, monitor);
    expect(second.id).not.toBe(first);
    expect(held()).toEqual([second.id]);
  });

  it('a restart lets go of the old ones at once and lists every order as a desk holding all of them does', () => {
    const first = worked('s1-dc1', 'groundFault');
    vi.advanceTimersByTime(DAY);
    const second = worked('s1-dc2', 'fanFault');
    d.alarms.onStatus([status('s1-dc1', ['groundFault'])]);
    vi.advanceTimersByTime(CLOSED_HELD_MS);
    const third = worked('s2-dc1', 'fanFault');
    d.stop();

    d = desk(journal, { readBack: true });
    d.restore();
    // The first's alarm was raised again; the second's incident is still its alarm's current one.
    expect(held().sort()).toEqual([second, third].sort());
    expect(d.orders.get(first)).toEqual(asHeldByAll(first));
    const whole = desk([...journal]);
    whole.restore();
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(d.orders.list().workOrders)).toEqual(byId(whole.orders.list().workOrders));
    whole.stop();
  });
});
