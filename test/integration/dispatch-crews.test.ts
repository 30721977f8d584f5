import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../electron/sync/crew-link';
import { CREW_TOKEN } from '../../shared/sync/crew-link';
import { refusal } from '../helpers/contract-calls';
import { startCrewDesk } from '../helpers/crew-desk';
import type { ContractClient } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { until } from '../helpers/until';

/**
 * Dispatch from the roster through the real bridge: an emergency alarm at
 * a simulated station, the crews ranked for it, the first one dispatched,
 * and the crew's WeCom group robot (a local sink that checks the key and
 * the provider's limits) receives the message mentioning the crew's mobiles.
 */

const SERVER = 'http://127.0.0.1:9';

describe('dispatch from the roster', () => {
  let crews: Awaited<ReturnType<typeof startCrewDesk>>;
  let monitor: ContractClient;

  beforeAll(async () => {
    // Sync configured (its server need not answer): the dispatch carries a crew-page link.
    crews = await startCrewDesk(['crew-wecom'], { sync: { url: SERVER, token: 'desk-sync-token-0001' } });
    monitor = crews.monitor;
  }, 60_000);
  afterAll(() => crews?.close());

  /** What the journal kept of a work order's dispatch. */
  const dispatchedData = async (orderId: string) => {
    const events = await withDeskJournal(crews.desk.dataDir, (journal) =>
      journal.read({ subject: orderId, limit: 100 }),
    );
    const data = events.find((e) => e.type === 'workorder.dispatched')?.data;
    if (!data) throw new Error(`${orderId} has no dispatch in the journal`);
    return data as { choice: Record<string, unknown>; crewLink?: unknown };
  };

  it('ranks the crews, journals the ranking with the pick, and the crew’s robot mentions its mobiles', async () => {
    const alarm = await crews.emergencyAt('sx01');
    const alarmId = alarm.id;
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
      crew: ['周建国', '陈立'],
    });

    // The alarm itself went to the crews on call at once (escalation policy), then the dispatch.
    const sink = crews.sink('crew-wecom');
    await sink.waitFor(2);
    const body = sink.received
      .map((r) => r.body as { text: { content: string; mentioned_mobile_list: string[] } })
      .find((b) => b.text.content.startsWith('【派单】紧急抢修'));
    if (!body) throw new Error('no dispatch message reached the robot');
    expect(body.text.mentioned_mobile_list).toEqual(['13957510001', '13957510002']);
    expect(body.text.content).toContain('原因：绝缘故障');
    expect(body.text.content).toContain(`工单：${order.id}`);
    expect(body.text.content).toContain('班组：越城一班（周建国、陈立）');
    // The link goes to the crew; the dispatch event keeps only its hash (the server honours it by that).
    const token = new RegExp(`链接：${SERVER}/crew/([A-Za-z0-9_.-]+)`).exec(body.text.content)?.[1] ?? '';
    expect(token).toMatch(CREW_TOKEN);
    const grant = (await dispatchedData(order.id)).crewLink as {
      sha256: string;
      crewId: string;
      members: string[];
    };
    expect(grant).toMatchObject({ sha256: sha256Hex(token), crewId: 'near', members: ['周建国', '陈立'] });
    expect(JSON.stringify(await dispatchedData(order.id))).not.toContain(token);
    // Nor does the outbox: its notify.requested keeps a mark, and the link is minted as the message goes out.
    const everything = await withDeskJournal(crews.desk.dataDir, (journal) =>
      journal.read({ limit: 100_000 }),
    );
    expect(everything.some((e) => e.type === 'notify.requested')).toBe(true);
    expect(JSON.stringify(everything)).not.toContain(token);

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
        crews.desk.engine.notifier
          .recent()
          .some((m) => m.refs.workOrder === order.id && m.state === 'accepted'),
      'the dispatch message accepted',
    );
    const shown = await monitor.request('workorders.list', {});
    const notices = shown.workOrders.find((w) => w.id === order.id)?.notices ?? [];
    expect(notices).toMatchObject([
      { kind: 'dispatch', channel: 'crew-wecom', state: 'accepted', code: '0' },
    ]);
  });

  it('offers a crew on an emergency only with an override reason, and ranks it last', async () => {
    const alarmId = (await crews.emergencyAt('sx02')).id;
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
