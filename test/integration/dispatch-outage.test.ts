import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrewDesk } from '../helpers/crew-desk';
import { until } from '../helpers/until';

/**
 * The crews' WeCom robot down for ten minutes of desk time while the
 * monitor dispatches: the whole desk (simulator, engine, outbox, a sink
 * answering 503) on the skipping clock. The header's `notify.status` and
 * each work order's timeline say what waits and why; when the robot comes
 * back every message goes out once, in the order it was asked for.
 */

const MIN = 60_000;

type Text = { text: { content: string } };

describe('dispatches through a ten-minute provider outage', () => {
  let crews: Awaited<ReturnType<typeof startCrewDesk>>;

  beforeAll(async () => {
    crews = await startCrewDesk(['crew-wecom']);
  }, 60_000);
  afterAll(() => crews?.close());

  const listed = async (ids: readonly string[]) =>
    (await crews.monitor.request('workorders.list', {})).workOrders.filter((o) => ids.includes(o.id));

  it('keeps the dispatches waiting with the provider’s code shown, then delivers each once, in order', async () => {
    const { desk, monitor } = crews;
    const robot = crews.sink('crew-wecom');
    const notifier = () => desk.engine.notifier;
    robot.mode = 'down';
    const start = desk.clock.now();

    // Two emergencies (the crews and leads told at once), one dispatched to each crew.
    const orders: string[] = [];
    for (const [station, crewId] of [
      ['sx01', 'near'],
      ['sx02', 'far'],
    ] as const) {
      const alarm = await crews.emergencyAt(station);
      const order = await monitor.request('workorder.create', { alarmIds: [alarm.id], title: '绝缘故障' });
      await monitor.request('workorder.dispatch', { id: order.id, crew: [], choice: { crewId } });
      orders.push(order.id);
    }
    const asked = notifier().pending();
    expect(asked.filter((m) => m.kind === 'dispatch').map((m) => m.refs.workOrder)).toEqual(orders);
    const head = () => notifier().message(asked[0]?.id ?? '');

    // Ten minutes of desk time, each retry let through as it comes due.
    for (;;) {
      await until(() => head()?.state === 'retrying', 'the failed attempt journalled');
      if (desk.clock.now() - start >= 10 * MIN) break;
      const attempts = head()?.attempts ?? 0;
      desk.clock.skip((head()?.nextAttemptAt ?? desk.clock.now()) - desk.clock.now() + 10);
      await until(() => (head()?.attempts ?? 0) > attempts, 'the next attempt');
    }
    expect(robot.received).toEqual([]);

    // What the header shows: everything waiting, the head retried with the provider's answer.
    const status = await monitor.request('notify.status', {});
    expect(status).toMatchObject({ pending: asked.length, retrying: 1, refused: 0 });
    expect(status.oldestPendingAt).toBe(asked[0]?.requestedAt);
    expect(status.channels).toEqual([
      expect.objectContaining({
        id: 'crew-wecom',
        state: 'ready',
        pending: asked.length,
        lastCode: 'http-503',
      }),
    ]);
    // And each work order's timeline: its dispatch waiting, not lost.
    for (const order of await listed(orders)) {
      const dispatch = order.notices.find((n) => n.kind === 'dispatch');
      expect(['queued', 'retrying']).toContain(dispatch?.state);
    }

    robot.mode = 'ok';
    desk.clock.skip((head()?.nextAttemptAt ?? desk.clock.now()) - desk.clock.now() + 10);
    // The robot takes 20 a minute: the clock moves on until everything is through.
    await until(
      () => {
        if (robot.received.length < asked.length) desk.clock.skip(1_000);
        return robot.received.length >= asked.length;
      },
      'every message delivered',
      60_000,
    );
    await until(() => notifier().pendingCount() === 0, 'the outbox to empty');
    // Each once and in order (a random fault the simulator raises meanwhile may add messages of its own after them).
    const wanted = new Set(asked.map((m) => m.title));
    const titles = robot.received
      .map((r) => (r.body as Text).text.content.split('\n')[0] ?? '')
      .filter((title) => wanted.has(title));
    expect(titles).toEqual(asked.map((m) => m.title));
    expect(wanted.size).toBe(asked.length);

    const after = await monitor.request('notify.status', {});
    expect(after).toMatchObject({ pending: 0, retrying: 0, refused: 0, oldestPendingAt: null });
    for (const order of await listed(orders)) {
      expect(order.notices.find((n) => n.kind === 'dispatch')).toMatchObject({
        state: 'accepted',
        mayDuplicate: false,
      });
    }
  });
});
