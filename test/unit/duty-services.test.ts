import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LimitMonitor } from '../../electron/alarms/limits';
import type { RecordedEvent } from '../../electron/alarms/recorded';
import { Profile } from '../../shared/profile/schema';
import { slaSettingsOf } from '../../shared/triage/sla';
import { DEVICES, desk, HOUR, lead, MIN, monitor, STATIONS, status, T0 } from '../helpers/duty-services';

let journal: RecordedEvent[];
let d: ReturnType<typeof desk>;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  journal = [];
  d = desk(journal);
  d.alarms.onStatus(DEVICES.map((x) => status(x.id)));
});
afterEach(() => {
  d.stop();
  vi.useRealTimers();
});

describe('SLA per station group', () => {
  it('runs the Shaoxing standard where configured, the service commitment elsewhere', () => {
    d.alarms.onStatus([status('s1-dc1', ['fanFault']), status('s2-dc1', ['fanFault'])]);
    expect(d.alarm('s1-dc1:fanFault')?.slaPreset).toBe('shaoxing');
    expect(d.alarm('s2-dc1:fanFault')?.slaPreset).toBe('service-commitment');
    expect(slaSettingsOf(undefined).defaultPreset).toBe('service-commitment');
  });
});

describe('work-order deadlines', () => {
  it('escalates each deadline once, for the alarm and for the order, with the outage prompt on both', () => {
    d.alarms.onStatus([status('s1-dc1', ['groundFault'])]);
    const id = 's1-dc1:groundFault';
    const order = d.orders.create({ alarmIds: [id], title: 'ground fault' }, monitor);
    d.orders.dispatch(order.id, ['zhao.lei', 'sun.hao'], undefined, monitor);
    vi.advanceTimersByTime(HOUR + 1);
    expect(d.alarmDeltas.flatMap((x) => x.breaches).map((b) => b.clockId)).toEqual(['arrive']);
    vi.advanceTimersByTime(HOUR);
    expect(d.alarm(id)?.outagePrompt).toBe(true);
    expect(d.orders.get(order.id).outagePrompt).toBe(true);
    vi.advanceTimersByTime(3 * HOUR);
    const escalated = journal.filter((e) => e.type.endsWith('.sla-breached'));
    expect(escalated.map((e) => `${e.type} ${(e.data as { clockId: string }).clockId}`).sort()).toEqual([
      'alarm.sla-breached arrive',
      'alarm.sla-breached fix',
      'alarm.sla-breached outage-prompt',
      'workorder.sla-breached arrive',
      'workorder.sla-breached fix',
      'workorder.sla-breached outage-prompt',
    ]);
    expect(d.orderDeltas.flatMap((x) => x.breaches).map((b) => b.clockId)).toEqual([
      'arrive',
      'outage-prompt',
      'fix',
    ]);
  });

  it('the defect class deadline is escalated for the order when it passes unresolved', () => {
    d.alarms.onStatus([status('s2-dc1', ['insulationFault'])]);
    const order = d.orders.create({ alarmIds: ['s2-dc1:insulationFault'], title: 'insulation' }, monitor);
    expect(order.defectDeadline).toMatchObject({ defectClass: 'critical', deadline: T0 + 24 * HOUR });
    vi.advanceTimersByTime(24 * HOUR + 1);
    expect(d.orders.get(order.id).defectDeadline.state).toBe('breached');
    expect(d.orderDeltas.flatMap((x) => x.breaches).map((b) => b.clockId)).toContain('defect');
  });

  it('one work order covers one station', () => {
    d.alarms.onStatus([status('s1-dc1', ['fanFault']), status('s2-dc1', ['fanFault'])]);
    expect(() =>
      d.orders.create({ alarmIds: ['s1-dc1:fanFault', 's2-dc1:fanFault'], title: 'fans' }, monitor),
    ).toThrow('one work order covers one station; these alarms are at s1, s2');
  });
});

describe('applications', () => {
  it('a station outage holds every device and the station alarm until its resume is approved', () => {
    d.alarms.onStatus([
      { ...status('s1-dc1'), comms: 'comm-lost' },
      { ...status('s1-dc2'), comms: 'comm-lost' },
    ]);
    expect(d.alarm('s1:comms.station')?.state).toBe('active-unacknowledged');
    const outage = d.applications.file(
      { kind: 'outage', target: { stationId: 's1' }, reason: 'extreme-weather', note: '台风' },
      monitor,
    );
    expect(outage.deviceIds).toEqual(['s1-dc1', 's1-dc2']);
    d.applications.approve(outage.id, undefined, lead);
    expect(d.alarm('s1:comms.station')?.state).toBe('out-of-service');
    expect(d.applications.exclusions().map((x) => x.deviceId)).toEqual(['s1-dc1', 's1-dc2']);
    const resume = d.applications.file({ kind: 'resume', outageId: outage.id, note: '恢复' }, monitor);
    d.applications.approve(resume.id, undefined, lead);
    expect(d.alarm('s1:comms.station')?.state).toBe('active-unacknowledged');
    expect(d.applications.exclusions()).toEqual([]);
  });

  it('an exemption excludes its devices from availability for its period only', () => {
    const exemption = d.applications.file(
      {
        kind: 'exemption',
        target: { deviceId: 's2-dc1' },
        reason: 'tcu-upgrade',
        note: 'TCU 升级',
        from: T0 + HOUR,
        until: T0 + 3 * HOUR,
      },
      monitor,
    );
    d.applications.approve(exemption.id, undefined, lead);
    expect(d.applications.exclusions()).toEqual([]);
    vi.advanceTimersByTime(2 * HOUR);
    expect(d.applications.exclusions()).toEqual([
      expect.objectContaining({
        deviceId: 's2-dc1',
        kind: 'exemption',
        reason: 'tcu-upgrade',
        until: T0 + 3 * HOUR,
      }),
    ]);
    vi.advanceTimersByTime(HOUR);
    expect(d.applications.exclusions()).toEqual([]);
    expect(d.alarm('s2-dc1:comms.device')).toBeUndefined();
    expect(() =>
      d.applications.file(
        {
          kind: 'exemption',
          target: { deviceId: 's2-dc1' },
          reason: 'platform-failure',
          note: '',
          from: T0,
          until: T0,
        },
        monitor,
      ),
    ).toThrow('an exemption must end after it starts');
  });

  it('an outage keeps its planned window; one that ends before it starts is refused', () => {
    const outage = d.applications.file(
      {
        kind: 'outage',
        target: { deviceId: 's1-dc1' },
        reason: 'before-maintenance',
        note: '更换模块',
        from: T0,
        until: T0 + 5 * 24 * HOUR,
      },
      monitor,
    );
    expect(outage).toMatchObject({ from: T0, until: T0 + 5 * 24 * HOUR });
    d.applications.approve(outage.id, undefined, lead);
    // The plan does not end the outage: it holds until its resume is approved.
    vi.advanceTimersByTime(6 * 24 * HOUR);
    expect(d.applications.exclusions()).toEqual([
      expect.objectContaining({ deviceId: 's1-dc1', kind: 'outage', until: null }),
    ]);
    d.stop();
    d = desk(journal);
    d.restore();
    expect(d.applications.list().applications.find((a) => a.id === outage.id)).toMatchObject({
      from: T0,
      until: T0 + 5 * 24 * HOUR,
    });
    expect(() =>
      d.applications.file(
        {
          kind: 'decommission',
          target: { deviceId: 's1-dc2' },
          reason: 'other-external',
          note: '',
          from: T0 + HOUR,
          until: T0,
        },
        monitor,
      ),
    ).toThrow('a decommission must end after it starts');
  });

  it('a refused work-order step leaves no outage filed', () => {
    d.alarms.onStatus([status('s1-dc1', ['fanFault'])]);
    const order = d.orders.create({ alarmIds: ['s1-dc1:fanFault'], title: 'fan' }, monitor);
    d.orders.cancel(order.id, 'duplicate', monitor);
    const before = journal.length;
    expect(() =>
      d.applications.file(
        {
          kind: 'outage',
          target: { deviceId: 's1-dc1' },
          reason: 'before-maintenance',
          note: '',
          workOrderId: order.id,
        },
        monitor,
      ),
    ).toThrow(`work order ${order.id}: the work order is cancelled`);
    expect(journal).toHaveLength(before);
    expect(d.applications.list().applications).toEqual([]);
  });
});

describe('restart', () => {
  it('rebuilds alarms, shelves, work orders and outages, and escalates nothing twice', () => {
    d.alarms.onStatus([status('s1-dc1', ['groundFault']), status('s2-dc1', ['fanFault', 'doorOpen'])]);
    d.alarms.ack('s1-dc1:groundFault', monitor);
    d.alarms.shelve('s2-dc1:doorOpen', 'camera shows staff', T0 + 2 * HOUR, monitor);
    const order = d.orders.create({ alarmIds: ['s1-dc1:groundFault'], title: 'ground' }, monitor);
    d.orders.dispatch(order.id, ['zhao.lei', 'sun.hao'], undefined, monitor);
    const outage = d.applications.file(
      { kind: 'outage', target: { deviceId: 's1-dc2' }, reason: 'before-maintenance', note: '' },
      monitor,
    );
    d.applications.approve(outage.id, undefined, lead);
    vi.advanceTimersByTime(HOUR + 1);
    const before = { alarms: d.alarms.list(), orders: d.orders.list(), apps: d.applications.list() };
    const escalations = journal.filter((e) => e.type.endsWith('.sla-breached')).length;
    d.stop();

    d = desk(journal);
    d.restore();
    expect(d.alarms.list()).toEqual(before.alarms);
    expect(d.orders.list()).toEqual(before.orders);
    expect(d.applications.list()).toEqual(before.apps);
    expect(journal.filter((e) => e.type.endsWith('.sla-breached'))).toHaveLength(escalations);

    // The device reports the same faults again: nothing new is raised, the ack stands.
    d.alarms.onStatus([status('s1-dc1', ['groundFault']), status('s2-dc1', ['fanFault', 'doorOpen'])]);
    expect(d.alarm('s1-dc1:groundFault')).toMatchObject({ state: 'active-acknowledged', raisedAt: T0 });
    vi.advanceTimersByTime(HOUR);
    expect(d.alarm('s2-dc1:doorOpen')?.state).toBe('active-unacknowledged');
  });

  it.each([false, true])(
    'a restart after the deadlines journals no breach for an order worked in time (under an outage: %s)',
    (outage) => {
      d.alarms.onStatus([status('s1-dc1', ['groundFault'])]);
      d.alarms.ack('s1-dc1:groundFault', monitor);
      vi.advanceTimersByTime(20 * MIN);
      const order = d.orders.create({ alarmIds: ['s1-dc1:groundFault'], title: 'ground' }, monitor);
      d.orders.dispatch(order.id, ['zhao.lei', 'sun.hao'], undefined, monitor);
      vi.advanceTimersByTime(30 * MIN);
      d.orders.arrive(order.id, Date.now(), undefined, monitor);
      // Not fixed on the first visit: the charger is taken out of service until the part comes.
      const held = outage
        ? d.applications.file(
            {
              kind: 'outage',
              target: { deviceId: 's1-dc1' },
              reason: 'unfixed-after-dispatch',
              note: 'part',
            },
            monitor,
          )
        : null;
      if (held) d.applications.approve(held.id, undefined, lead);
      vi.advanceTimersByTime(30 * MIN);
      d.alarms.onStatus([status('s1-dc1')]);
      d.orders.resolve(order.id, 'replaced the RCD', monitor);
      if (held) {
        const resume = d.applications.file({ kind: 'resume', outageId: held.id, note: 'fixed' }, monitor);
        d.applications.approve(resume.id, undefined, lead);
      }
      d.orders.accept(order.id, undefined, lead);
      const breaches = () =>
        journal
          .filter((e) => e.type.endsWith('.sla-breached'))
          .map((e) => `${e.type} ${e.subject} ${JSON.stringify(e.data)}`);
      const before = breaches();
      d.stop();

      // The desk is off past the dispatch and arrival deadlines the order met.
      vi.advanceTimersByTime(6 * HOUR);
      d = desk(journal);
      d.restore();
      expect(breaches()).toEqual(before);
    },
  );

  it('closes the alarms of a device no longer configured, and tells the desk to drop them', () => {
    d.alarms.onStatus([status('s2-dc1', ['fanFault'])]);
    d.alarms.setTopology(
      STATIONS,
      DEVICES.filter((x) => x.id !== 's2-dc1'),
    );
    expect(d.alarm('s2-dc1:fanFault')).toBeUndefined();
    expect(d.alarmDeltas.at(-1)?.removed).toEqual(['s2-dc1:fanFault']);
    expect(journal.at(-1)).toMatchObject({ type: 'alarm.closed', subject: 's2-dc1:fanFault' });
    d.stop();
    d = desk(journal);
    d.restore();
    expect(d.alarm('s2-dc1:fanFault')).toBeUndefined();
  });
});

describe('limit monitor', () => {
  const profile = Profile.parse({
    id: 'dc-test',
    kind: 'dc-charger',
    vendor: 'v',
    model: 'm',
    description: 'd',
    guns: 2,
    ratedKw: 120,
    points: [
      {
        key: 'moduleTemp1',
        label: { 'zh-CN': '模块温度', en: 'module temperature' },
        address: 0,
        type: 'i16',
        alarms: [
          {
            when: '>',
            value: 75,
            deadband: 5,
            onDelayMs: 10_000,
            offDelayMs: 5_000,
            cause: 'moduleTemp1High',
          },
        ],
      },
    ],
  });
  const sample = (value: number | null) => ({
    deviceId: 's2-dc1',
    key: 'moduleTemp1',
    value,
    quality: value === null ? ('comm-fail' as const) : ('good' as const),
    ts: Date.now(),
  });

  it('raises after the on-delay with no new sample, clears below the deadband after the off-delay', () => {
    const clock = {
      now: () => Date.now(),
      after: (ms: number, fn: () => void) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      },
    };
    const limits = new LimitMonitor(DEVICES, new Map([['dc-test', profile]]), clock, (c) =>
      d.alarms.onLimits(c),
    );
    limits.onSamples([sample(90)]);
    vi.advanceTimersByTime(9_999);
    expect(d.alarm('s2-dc1:moduleTemp1High')).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(d.alarm('s2-dc1:moduleTemp1High')).toMatchObject({
      state: 'active-unacknowledged',
      ruleId: 'temperature-high',
    });
    limits.onSamples([sample(72)]);
    vi.advanceTimersByTime(60_000);
    expect(d.alarm('s2-dc1:moduleTemp1High')?.conditionActive).toBe(true);
    limits.onSamples([sample(69)]);
    vi.advanceTimersByTime(5_000);
    expect(d.alarm('s2-dc1:moduleTemp1High')?.state).toBe('returned-unacknowledged');
    // Device status never clears a limit alarm: only the limit does.
    limits.onSamples([sample(95)]);
    vi.advanceTimersByTime(10_000);
    d.alarms.onStatus([status('s2-dc1')]);
    expect(d.alarm('s2-dc1:moduleTemp1High')?.conditionActive).toBe(true);
    limits.stop();
  });
});
