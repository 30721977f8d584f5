import { describe, expect, it } from 'vitest';
import { ALARMS_PER_FRAME, type AlarmView } from '../../shared/api/contract';
import { alarmWhere, refusal } from '../helpers/contract-calls';
import { startDeskWithOperator, type TokenHolder } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { startedForFile } from '../helpers/for-file';

/** The alarm queue through the real bridge, against the simulator fleet. */
const MONITOR: TokenHolder = { name: 'wang.fang', role: 'monitor', token: 'monitor-token' };
const desk = startedForFile(async () => {
  const started = await startDeskWithOperator(MONITOR, { stations: 2, localRole: 'wallboard' });
  const { client } = started.clients.operator;
  await client.waitFor(() =>
    client.deltas.some((d) => d.status.some((s) => s.comms === 'online')) ? true : undefined,
  );
  return started;
});
const monitor = () => desk().clients.operator;
const wallboard = () => desk().clients.wallboard;

const dcCharger = (stationIndex: number) => {
  const stationId = desk().config.stations[stationIndex]?.id;
  const device = desk().config.devices.find(
    (d) => d.stationId === stationId && d.profile === 'dc-120kw-dual',
  );
  if (!device) throw new Error(`no DC charger on station ${stationIndex}`);
  return device;
};

const journalOf = (subject: string) =>
  withDeskJournal(desk().dataDir, (journal) => journal.read({ subject }));

describe('alarm queue', () => {
  it('an insulation fault raises an emergency alarm; a monitor acks it, and it ends normal', async () => {
    const dc = dcCharger(0);
    const id = `${dc.id}:insulationFault`;
    desk().fleet.anomaly(dc.id, 'insulation-fault');
    const raised = await alarmWhere(monitor().client, id, (a) => a.state === 'active-unacknowledged');
    expect(raised).toMatchObject({ tier: 'emergency', defectClass: 'critical', priority: 'critical' });
    expect(raised.clocks.map((c) => c.id)).toContain('plan');
    await monitor().client.waitFor(() =>
      monitor().client.events.some(
        (e) => e.event === 'alarms.delta' && JSON.stringify(e.data).includes(`"id":"${id}"`),
      )
        ? true
        : undefined,
    );

    expect(await refusal(wallboard().client.request('alarm.ack', { id }))).toMatch(/^forbidden: /);
    const acked = await monitor().client.request('alarm.ack', { id });
    expect(acked).toMatchObject({ state: 'active-acknowledged', ackedBy: 'wang.fang' });
    expect(await refusal(monitor().client.request('alarm.ack', { id }))).toBe(
      'invalid: ack of an acknowledged alarm',
    );

    desk().fleet.clearAnomaly(dc.id, 'insulation-fault');
    desk().fleet.reset(dc.id);
    await alarmWhere(monitor().client, id, (a) => a.state === 'normal' && a.ackedBy === 'wang.fang');
    const events = journalOf(id);
    expect(events.map((e) => e.type)).toEqual(['alarm.raised', 'alarm.acked', 'alarm.cleared']);
    expect(events[1]).toMatchObject({ actor: { user: 'wang.fang', role: 'monitor' } });
  });

  it('an alarm cleared before anyone acked it returns unacknowledged', async () => {
    const dc = dcCharger(1);
    const id = `${dc.id}:insulationFault`;
    desk().fleet.anomaly(dc.id, 'insulation-fault');
    await alarmWhere(monitor().client, id, (a) => a.state === 'active-unacknowledged');
    desk().fleet.clearAnomaly(dc.id, 'insulation-fault');
    desk().fleet.reset(dc.id);
    await alarmWhere(monitor().client, id, (a) => a.state === 'returned-unacknowledged');
  });

  it('shelving needs a reason and a bounded end; retier needs a reason and is journaled', async () => {
    const dc = dcCharger(1);
    const id = `${dc.id}:insulationFault`;
    desk().fleet.anomaly(dc.id, 'insulation-fault');
    await alarmWhere(monitor().client, id, (a) => a.state === 'active-unacknowledged');
    const now = Date.now();
    expect(
      await refusal(monitor().client.request('alarm.shelve', { id, reason: '', untilMs: now + 60_000 })),
    ).toBe('invalid: shelve needs a reason');
    expect(
      await refusal(
        monitor().client.request('alarm.shelve', {
          id,
          reason: 'crew on site',
          untilMs: now + 9 * 3_600_000,
        }),
      ),
    ).toMatch(/^invalid: shelve for longer than the maximum/);
    const shelved = await monitor().client.request('alarm.shelve', {
      id,
      reason: 'crew on site',
      untilMs: now + 60_000,
    });
    expect(shelved).toMatchObject({ state: 'shelved', shelf: { reason: 'crew on site' } });
    expect(await monitor().client.request('alarm.unshelve', { id, reason: 'crew left' })).toMatchObject({
      state: 'active-unacknowledged',
    });

    expect(await refusal(monitor().client.request('alarm.retier', { id, tier: 'on-site', reason: '' }))).toBe(
      'invalid: a tier change needs a reason',
    );
    const retiered = await monitor().client.request('alarm.retier', {
      id,
      tier: 'on-site',
      reason: 'charger isolated by the site guard',
    });
    expect(retiered).toMatchObject({ tier: 'on-site', defectClass: 'critical' });
    expect(journalOf(id).at(-1)).toMatchObject({
      type: 'alarm.retiered',
      reason: 'charger isolated by the site guard',
      data: { from: 'emergency', to: 'on-site' },
      actor: { user: 'wang.fang' },
    });
    desk().fleet.clearAnomaly(dc.id, 'insulation-fault');
    desk().fleet.reset(dc.id);
  });

  it('a station gone offline gives one station alarm with its device comms alarms suppressed', async () => {
    const stationId = desk().config.stations[1]?.id ?? '';
    const members = desk()
      .config.devices.filter((d) => d.stationId === stationId)
      .map((d) => d.id);
    desk().fleet.offline(stationId);
    try {
      await alarmWhere(
        monitor().client,
        `${stationId}:comms.station`,
        (a) => a.state === 'active-unacknowledged',
      );
      for (const deviceId of members) {
        await alarmWhere(
          monitor().client,
          `${deviceId}:comms.device`,
          (a) => a.state === 'suppressed-by-design' && a.suppressedBy?.id === stationId,
        );
      }
      const { alarms } = await monitor().client.request('alarms.list', {});
      const visibleComms = alarms.filter(
        (a) =>
          a.cause.startsWith('comms.') && a.stationId === stationId && a.state === 'active-unacknowledged',
      );
      expect(visibleComms.map((a) => a.id)).toEqual([`${stationId}:comms.station`]);
      expect(journalOf(`${members[0]}:comms.device`).map((e) => e.type)).toContain('alarm.suppressed');
    } finally {
      desk().fleet.online(stationId);
    }
    await alarmWhere(monitor().client, `${stationId}:comms.station`, (a) => !a.conditionActive);
  });

  it('pages alarms.list over the bridge in id order, each alarm once, within the frame limit', async () => {
    const whole = (await monitor().client.request('alarms.list', {})).alarms.map((a) => a.id).sort();
    expect(whole.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: { alarms: AlarmView[]; next: string | null } = await monitor().client.request(
        'alarms.list',
        after === null ? { limit: 2 } : { after, limit: 2 },
      );
      expect(page.alarms.length).toBeLessThanOrEqual(2);
      paged.push(...page.alarms.map((a) => a.id));
      after = page.next;
    } while (after !== null);
    expect(paged).toEqual(whole);
    expect(await refusal(monitor().client.request('alarms.list', { limit: ALARMS_PER_FRAME + 1 }))).toMatch(
      /^bad-params: /,
    );
  });
});
