import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterInput } from '../../shared/crew/roster';
import { alarmWhere, refusal } from '../helpers/contract-calls';
import { type ContractClient, overWebSocket } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { PEOPLE, startDutyDesk } from '../helpers/duty-desk';
import { until } from '../helpers/notify-desk';
import { type Sink, startWecomSink } from '../helpers/notify-sinks';

/**
 * Dispatch from the roster through the real bridge: an emergency alarm at
 * a simulated station, the crews ranked for it, the first one dispatched,
 * and the crew's WeCom group robot (a local sink that checks the key and
 * the provider's limits) receives the message mentioning the crew's mobiles.
 */

const KEY = 'wecom-key-dispatch-0001';
const member = (name: string, mobile: string, lead = false) => ({ name, mobile, lead });
const crew = (id: string, name: string, lat: number, lng: number, mobiles: [string, string]) => ({
  id,
  name,
  members: [member(`${name}甲`, mobiles[0], true), member(`${name}乙`, mobiles[1])],
  skills: ['ac' as const, 'dc' as const, 'electrician-low' as const],
  base: { name: `${name}基地`, lat, lng },
  channels: ['crew-wecom'],
});

// Near sx01 (鲁迅中路, 29.9966 / 120.5846) and far from it (诸暨).
const roster: RosterInput = {
  crews: [
    crew('near', '越城一班', 30.012, 120.579, ['13957510001', '13957510002']),
    crew('far', '诸暨班', 29.72, 120.245, ['13957510041', '13957510042']),
  ],
  onCall: { anchor: '2026-01-01', days: 1, turns: [['near', 'far']] },
};

type Desk = Awaited<ReturnType<typeof startDutyDesk>>;

describe('dispatch from the roster', () => {
  let desk: Desk;
  let sink: Sink;
  let bridge: Awaited<ReturnType<typeof overWebSocket>>;
  let monitor: ContractClient;

  beforeAll(async () => {
    sink = await startWecomSink(KEY);
    desk = await startDutyDesk({
      stations: 2,
      more: {
        crews: roster,
        notify: { channels: [{ id: 'crew-wecom', type: 'wecom', url: sink.url, key: KEY }] },
      },
    });
    bridge = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
    monitor = bridge.client;
  }, 60_000);
  afterAll(async () => {
    await bridge?.close();
    await desk?.stop();
    await sink?.close();
  });

  const dcAt = (stationId: string) => {
    const found = desk.config.devices.find((d) => d.stationId === stationId && d.profile === 'dc-120kw-dual');
    if (!found) throw new Error(`no DC charger at ${stationId}`);
    return found;
  };

  /** What the journal kept of a work order's dispatch. */
  const dispatchedData = async (orderId: string) => {
    const events = await withDeskJournal(desk.dataDir, (journal) =>
      journal.read({ subject: orderId, limit: 100 }),
    );
    const data = events.find((e) => e.type === 'workorder.dispatched')?.data;
    if (!data) throw new Error(`${orderId} has no dispatch in the journal`);
    return data as { choice: Record<string, unknown> };
  };

  it('ranks the crews, journals the ranking with the pick, and the crew’s robot mentions its mobiles', async () => {
    const dc = dcAt('sx01');
    const alarmId = `${dc.id}:insulationFault`;
    desk.fleet.anomaly(dc.id, 'insulation-fault');
    const alarm = await alarmWhere(monitor, alarmId, (a) => a.state === 'active-unacknowledged');
    expect(alarm.tier).toBe('emergency');

    const ranking = await monitor.request('workorder.rank', { alarmIds: [alarmId] });
    expect(ranking.candidates.map((c) => c.crewId)).toEqual(['near', 'far']);
    const [first, second] = ranking.candidates;
    expect(first).toMatchObject({ onCall: true, offered: true, missingSkills: [], meetsDeadline: true });
    expect(first?.travel.minutes).toBeLessThan(second?.travel.minutes ?? 0);
    // The service commitment's emergency arrival: 8 h from the alarm.
    expect(ranking.arrivalDeadline).toBe(alarm.raisedAt + 8 * 3_600_000);

    const order = await monitor.request('workorder.create', { alarmIds: [alarmId], title: '直流桩绝缘故障' });
    const dispatched = await monitor.request('workorder.dispatch', {
      id: order.id,
      crew: [],
      choice: { crewId: 'near' },
    });
    expect(dispatched).toMatchObject({
      state: 'dispatched',
      crewId: 'near',
      crew: ['越城一班甲', '越城一班乙'],
    });

    // The alarm itself went to the crews on call at once (escalation policy), then the dispatch.
    await sink.waitFor(2);
    const body = sink.received
      .map((r) => r.body as { text: { content: string; mentioned_mobile_list: string[] } })
      .find((b) => b.text.content.startsWith('【派单】紧急抢修'));
    if (!body) throw new Error('no dispatch message reached the robot');
    expect(body.text.mentioned_mobile_list).toEqual(['13957510001', '13957510002']);
    expect(body.text.content).toContain('原因：绝缘故障');
    expect(body.text.content).toContain(`工单：${order.id}`);
    expect(body.text.content).toContain('班组：越城一班（越城一班甲、越城一班乙）');

    expect((await dispatchedData(order.id)).choice).toMatchObject({
      crewId: 'near',
      rank: 0,
      override: null,
      ranking: [
        { crewId: 'near', offered: true, onCall: true },
        { crewId: 'far', offered: true, onCall: true },
      ],
    });

    await until(
      () =>
        desk.engine.notifier.recent().some((m) => m.refs.workOrder === order.id && m.state === 'accepted'),
      'the dispatch message accepted',
    );
    const shown = await monitor.request('workorders.list', {});
    const notices = shown.workOrders.find((w) => w.id === order.id)?.notices ?? [];
    expect(notices).toMatchObject([
      { kind: 'dispatch', channel: 'crew-wecom', state: 'accepted', code: '0' },
    ]);
  });

  it('offers a crew on an emergency only with an override reason, and ranks it last', async () => {
    const dc = dcAt('sx02');
    const alarmId = `${dc.id}:insulationFault`;
    desk.fleet.anomaly(dc.id, 'insulation-fault');
    await alarmWhere(monitor, alarmId, (a) => a.state === 'active-unacknowledged');
    const ranking = await monitor.request('workorder.rank', { alarmIds: [alarmId] });
    expect(ranking.candidates.map((c) => [c.crewId, c.offered, c.load.emergency])).toEqual([
      ['far', true, 0],
      ['near', false, 1],
    ]);
    const order = await monitor.request('workorder.create', { alarmIds: [alarmId], title: '直流桩绝缘故障' });
    expect(
      await refusal(
        monitor.request('workorder.dispatch', { id: order.id, crew: [], choice: { crewId: 'near' } }),
      ),
    ).toBe('invalid: 越城一班 is on an emergency; give a reason to send it to another job (override)');
    const sent = await monitor.request('workorder.dispatch', {
      id: order.id,
      crew: [],
      choice: { crewId: 'near', override: '诸暨班路远，越城一班先处理完绝缘故障后顺路' },
    });
    expect(sent.crewId).toBe('near');
    const data = await dispatchedData(order.id);
    expect(data.choice).toMatchObject({ rank: 1, override: '诸暨班路远，越城一班先处理完绝缘故障后顺路' });
  });
});
