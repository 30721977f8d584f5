import { describe, expect, it } from 'vitest';
import { type AlarmRecordState, initialAlarm, transition } from '../../shared/alarm/state';
import {
  type CommsAlarm,
  type DeviceLink,
  designSuppression,
  groupByParent,
  lostParents,
  suppressionEvents,
} from '../../shared/alarm/suppression';

const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);

/**
 * S1: two chargers behind gateway A, one behind gateway B (alone on it).
 * S2: a single charger. S3: two chargers on one gateway C.
 */
const LINKS: DeviceLink[] = [
  { deviceId: 'd1', stationId: 'S1', gatewayId: '10.0.0.1:502' },
  { deviceId: 'd2', stationId: 'S1', gatewayId: '10.0.0.1:502' },
  { deviceId: 'd3', stationId: 'S1', gatewayId: '10.0.0.2:502' },
  { deviceId: 'd4', stationId: 'S2', gatewayId: '10.0.1.1:502' },
  { deviceId: 'd5', stationId: 'S3', gatewayId: '10.0.2.1:502' },
  { deviceId: 'd6', stationId: 'S3', gatewayId: '10.0.2.1:502' },
];

const deviceAlarm = (deviceId: string): CommsAlarm => ({
  alarmId: `${deviceId}/comms`,
  cause: 'comms.device',
  deviceId,
});
const ALARMS: CommsAlarm[] = [
  ...['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map(deviceAlarm),
  { alarmId: 'gwA/comms', cause: 'comms.gateway', gatewayId: '10.0.0.1:502' },
  { alarmId: 'S1/comms', cause: 'comms.station', stationId: 'S1' },
];

const lost = (...devices: string[]) => lostParents(LINKS, new Set(devices));

describe('lostParents', () => {
  it('a station is lost when all of its devices are', () => {
    expect(lost('d1', 'd2', 'd3')).toEqual({
      stations: new Set(['S1']),
      gateways: new Set(['10.0.0.1:502']),
    });
  });

  it('a gateway is lost when all devices behind it are, even if the station still answers', () => {
    expect(lost('d1', 'd2')).toEqual({ stations: new Set(), gateways: new Set(['10.0.0.1:502']) });
    expect(lost('d1')).toEqual({ stations: new Set(), gateways: new Set() });
  });

  it('a parent with a single device is never lost: that device’s own alarm says it all', () => {
    expect(lost('d3', 'd4')).toEqual({ stations: new Set(), gateways: new Set() });
    expect(lostParents(LINKS, new Set(['d4']), 1).stations).toEqual(new Set(['S2']));
  });
});

describe('designSuppression', () => {
  it('a gateway shared by stations (a broker) is upstream of them: the one alarm, the stations under it too', () => {
    const BROKER = '10.9.0.1:1883';
    const links: DeviceLink[] = [
      { deviceId: 'b1', stationId: 'S7', gatewayId: BROKER },
      { deviceId: 'b2', stationId: 'S7', gatewayId: BROKER },
      { deviceId: 'b3', stationId: 'S8', gatewayId: BROKER },
      { deviceId: 'm1', stationId: 'S8', gatewayId: '10.0.8.1:502' },
    ];
    const alarms: CommsAlarm[] = [
      ...['b1', 'b2', 'b3'].map(deviceAlarm),
      { alarmId: 'broker/comms', cause: 'comms.gateway', gatewayId: BROKER },
      { alarmId: 'S7/comms', cause: 'comms.station', stationId: 'S7' },
      { alarmId: 'S8/comms', cause: 'comms.station', stationId: 'S8' },
    ];
    const under = { kind: 'gateway', id: BROKER };
    // S8 still has a polled meter that answers: its station alarm has no condition, only S7's does.
    expect(designSuppression(alarms, links, lostParents(links, new Set(['b1', 'b2', 'b3'])))).toEqual(
      new Map([
        ['b1/comms', under],
        ['b2/comms', under],
        ['b3/comms', under],
        ['S7/comms', under],
      ]),
    );
    // With the meter lost as well, S8 is lost through two gateways, one of them its own: its alarm stays shown.
    const all = designSuppression(alarms, links, lostParents(links, new Set(['b1', 'b2', 'b3', 'm1'])));
    expect(all.get('S8/comms')).toBeUndefined();
    expect(all.get('b3/comms')).toEqual(under);
    expect(all.get('broker/comms')).toBeUndefined();
  });

  it('whole station lost: every device alarm and the gateway alarm go under the station', () => {
    const plan = designSuppression(ALARMS, LINKS, lost('d1', 'd2', 'd3'));
    expect(Object.fromEntries(plan)).toEqual({
      'd1/comms': { kind: 'station', id: 'S1' },
      'd2/comms': { kind: 'station', id: 'S1' },
      'd3/comms': { kind: 'station', id: 'S1' },
      'gwA/comms': { kind: 'station', id: 'S1' },
    });
  });

  it('only a gateway lost: its devices go under the gateway, the others stay visible', () => {
    const plan = designSuppression(ALARMS, LINKS, lost('d1', 'd2'));
    expect(Object.fromEntries(plan)).toEqual({
      'd1/comms': { kind: 'gateway', id: '10.0.0.1:502' },
      'd2/comms': { kind: 'gateway', id: '10.0.0.1:502' },
    });
  });

  it('station alarms and devices the topology does not know are never suppressed', () => {
    const stranger: CommsAlarm = { alarmId: 'x/comms', cause: 'comms.device', deviceId: 'x' };
    const plan = designSuppression([...ALARMS, stranger], LINKS, lost('d1', 'd2', 'd3'));
    expect(plan.has('S1/comms')).toBe(false);
    expect(plan.has('x/comms')).toBe(false);
  });

  it('groups the suppressed alarms per parent, stations first', () => {
    const plan = designSuppression(ALARMS, LINKS, {
      stations: new Set(['S3']),
      gateways: new Set(['10.0.0.1:502']),
    });
    expect(groupByParent(plan)).toEqual([
      { parent: { kind: 'station', id: 'S3' }, alarmIds: ['d5/comms', 'd6/comms'] },
      { parent: { kind: 'gateway', id: '10.0.0.1:502' }, alarmIds: ['d1/comms', 'd2/comms'] },
    ]);
  });
});

describe('suppressionEvents keep the alarm records in line with the plan', () => {
  const records = (ids: string[], alarms: Record<string, AlarmRecordState> = {}) =>
    ids.map((alarmId) => ({ alarmId, alarm: alarms[alarmId] ?? initialAlarm(NOW) }));

  it('suppresses what the plan wants, moves a gateway suppression up to the station, releases the rest', () => {
    const underGateway = {
      ...initialAlarm(NOW),
      state: 'suppressed-by-design',
      suppressedBy: { kind: 'gateway', id: '10.0.0.1:502' },
    } satisfies AlarmRecordState;
    const underStation = {
      ...underGateway,
      suppressedBy: { kind: 'station', id: 'S3' },
    } satisfies AlarmRecordState;
    const current = records(['d1/comms', 'd3/comms', 'd5/comms', 'd6/comms'], {
      'd1/comms': underGateway,
      'd5/comms': underStation,
      'd6/comms': underStation,
    });
    const plan = designSuppression(ALARMS, LINKS, lost('d1', 'd2', 'd3', 'd6'));
    expect(suppressionEvents(current, plan)).toEqual([
      { alarmId: 'd1/comms', event: { type: 'suppress', parent: { kind: 'station', id: 'S1' } } },
      { alarmId: 'd3/comms', event: { type: 'suppress', parent: { kind: 'station', id: 'S1' } } },
      { alarmId: 'd5/comms', event: { type: 'unsuppress' } },
      { alarmId: 'd6/comms', event: { type: 'unsuppress' } },
    ]);
  });

  it('end to end: station lost and back; the device still down reappears, the recovered one does not', () => {
    const apply = (alarms: Map<string, AlarmRecordState>, events: ReturnType<typeof suppressionEvents>) => {
      for (const { alarmId, event } of events) {
        const r = transition(alarms.get(alarmId) ?? initialAlarm(NOW), event, NOW);
        if ('refused' in r) throw new Error(r.refused);
        alarms.set(alarmId, r.next);
      }
    };
    const raised = (r: ReturnType<typeof transition>) => {
      if ('refused' in r) throw new Error(r.refused);
      return r.next;
    };
    const alarms = new Map(
      ['d1/comms', 'd2/comms', 'd3/comms'].map((id) => [
        id,
        raised(transition(initialAlarm(NOW), { type: 'activate' }, NOW)),
      ]),
    );
    const snapshot = () => [...alarms].map(([alarmId, alarm]) => ({ alarmId, alarm }));

    apply(alarms, suppressionEvents(snapshot(), designSuppression(ALARMS, LINKS, lost('d1', 'd2', 'd3'))));
    expect([...alarms.values()].map((a) => a.state)).toEqual(Array(3).fill('suppressed-by-design'));

    // d2 answers again while the station is still counted as lost.
    alarms.set(
      'd2/comms',
      raised(transition(alarms.get('d2/comms') ?? initialAlarm(NOW), { type: 'clear' }, NOW)),
    );
    apply(alarms, suppressionEvents(snapshot(), designSuppression(ALARMS, LINKS, lost('d1', 'd3'))));
    expect(Object.fromEntries([...alarms].map(([id, a]) => [id, a.state]))).toEqual({
      'd1/comms': 'active-unacknowledged',
      'd2/comms': 'normal',
      'd3/comms': 'active-unacknowledged',
    });
  });
});
