import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmView } from '../../shared/api/contract';
import { startCrewDesk } from '../helpers/crew-desk';
import type { ContractClient } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import type { Sink } from '../helpers/notify-sinks';

/**
 * Escalation and reminders on the desk clock, through the engine, the
 * outbox and two WeCom robot sinks (the crews' group and the managers'):
 * an emergency goes to the on-call crews and leads at once, to the manager
 * after 10 minutes nobody acknowledged it, and not when someone did; a
 * dispatched emergency's crew is asked for its hourly progress report ahead
 * of time, and a report missed is journalled as a breach.
 */

const MIN = 60_000;

type Text = { text: { content: string; mentioned_mobile_list: string[] } };
const texts = (sink: Sink) => sink.received.map((r) => (r.body as Text).text);

describe('escalation and reminders', () => {
  let crews: Awaited<ReturnType<typeof startCrewDesk>>;
  let desk: Awaited<ReturnType<typeof startCrewDesk>>['desk'];
  let monitor: ContractClient;
  let crewSink: Sink;
  let managerSink: Sink;
  /** The emergency of the first test, dispatched in the second. */
  let emergency: AlarmView;

  beforeAll(async () => {
    crews = await startCrewDesk(['crew-wecom', 'mgr-wecom'], {
      escalation: { managers: [{ name: '王经理', mobile: '13900000009' }], channels: ['mgr-wecom'] },
    });
    ({ desk, monitor } = crews);
    crewSink = crews.sink('crew-wecom');
    managerSink = crews.sink('mgr-wecom');
  }, 60_000);
  afterAll(() => crews?.close());

  const emergencyAt = (stationId: string) => crews.emergencyAt(stationId);
  const asked = (channel: string) =>
    [...desk.engine.notifier.pending(), ...desk.engine.notifier.recent()].filter(
      (m) => m.channel === channel,
    );

  it('tells the on-call crews and leads at once, the manager after 10 minutes unacknowledged, not after an ack', async () => {
    const first = await emergencyAt('sx01');
    emergency = first;
    await crewSink.waitFor(1);
    const [atOnce] = texts(crewSink);
    expect(atOnce?.content).toMatch(/^【告警】紧急抢修 /);
    expect(atOnce?.content).toContain('原因：绝缘故障');
    expect(atOnce?.mentioned_mobile_list.toSorted()).toEqual([
      '13957510001',
      '13957510002',
      '13957510041',
      '13957510042',
    ]);

    const second = await emergencyAt('sx02');
    await crewSink.waitFor(2);
    await monitor.request('alarm.ack', { id: second.id });

    desk.clock.skip(first.raisedAt + 9 * MIN - desk.clock.now());
    expect(asked('mgr-wecom')).toEqual([]);
    desk.clock.skip(2 * MIN);
    await managerSink.waitFor(1);
    const [escalated] = texts(managerSink);
    expect(escalated?.mentioned_mobile_list).toEqual(['13900000009']);
    expect(escalated?.content).toMatch(/^【升级】紧急抢修 /);
    expect(escalated?.content).toContain('无人确认：10 分钟');
    // The acknowledged one never reached the manager.
    expect(asked('mgr-wecom').map((m) => m.refs.alarm)).toEqual([first.id]);
  });

  it('asks the crew for its hourly progress report ahead of time and journals a missed one as a breach', async () => {
    const alarm = emergency;
    const order = await monitor.request('workorder.create', { alarmIds: [alarm.id], title: '绝缘故障' });
    await monitor.request('workorder.dispatch', { id: order.id, crew: [], choice: { crewId: 'near' } });
    const before = crewSink.received.length;

    desk.clock.skip(alarm.raisedAt + 51 * MIN - desk.clock.now());
    await crewSink.waitFor(before + 2);
    const soon = texts(crewSink).find((t) => t.content.startsWith('【提醒】'));
    expect(soon?.content).toContain('应报：进展汇报');
    expect(soon?.mentioned_mobile_list).toEqual(['13957510001', '13957510002']);

    desk.clock.skip(10 * MIN);
    await crewSink.waitFor(before + 3);
    const missed = texts(crewSink).find((t) => t.content.startsWith('【逾期未报】'));
    expect(missed?.content).toContain(`工单：${order.id}`);
    const breaches = await withDeskJournal(desk.dataDir, (journal) =>
      journal.read({ subject: order.id, type: 'workorder.sla-breached', limit: 100 }),
    );
    expect(breaches.map((e) => (e.data as { clockId: string }).clockId)).toEqual([
      `progress@${alarm.raisedAt + 60 * MIN}`,
    ]);
  });

  it('sends nothing again when the desk restarts on the same journal', async () => {
    const journalled = () =>
      withDeskJournal(
        desk.dataDir,
        (journal) => journal.read({ type: 'notify.requested', limit: 1000 }).length,
      );
    const before = await journalled();
    await desk.restart();
    // The queue, work orders and follow-ups are rebuilt inside the start: a repeat would be journalled by now.
    expect(desk.engine.notifier.pending()).toEqual([]);
    expect(await journalled()).toBe(before);
  });
});
