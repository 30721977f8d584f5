import type { DeviceStatus } from '../../../shared/api/model';
import type { Session } from '../../../shared/auth/roles';
import { deriveSeed, mulberry32, type Rng } from '../../../sim/random';
import type { Duty } from '../../workorders/duty';
import { DAY_MS, type Downtime, type WeekFleet } from './plan';

/**
 * What happened on the demo's week besides charging and sunshine: the
 * faults, the operators' answers to them through the desk's own contract
 * (acknowledge, work order, crew of two, check-in, acceptance), an outage
 * application for a fault not fixed two hours after dispatch, a dispatch
 * that came too late for its SLA, a station that went dark for half an
 * hour. Each is a list of dated steps the week's writer plays in time order.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Shaoxing keeps UTC+8 all year; the story is told in its local hours. */
const LOCAL_OFFSET_MS = 8 * HOUR;

export type Step = { at: number; run: () => Promise<void> | void };

/** Who keeps the demo desk: a monitor and a shift lead per shift, days and nights. */
export const DEMO_STAFF = {
  day: { monitor: { user: '刘洋', role: 'monitor' }, lead: { user: '李强', role: 'shift-lead' } },
  night: { monitor: { user: '赵敏', role: 'monitor' }, lead: { user: '孙浩', role: 'shift-lead' } },
} as const satisfies Record<string, { monitor: Session; lead: Session }>;

export const onDuty = (t: number) => {
  const hour = ((t + LOCAL_OFFSET_MS) % DAY_MS) / HOUR;
  return hour >= 8 && hour < 20 ? DEMO_STAFF.day : DEMO_STAFF.night;
};

export type StoryParts = {
  fleet: WeekFleet;
  api: Duty['api'];
  /** One turn of the alarm queue on these statuses, as a telemetry flush gives it. */
  status(status: DeviceStatus[]): void;
  /** Crews of the demo roster, two names each. */
  crews: readonly (readonly [string, string])[];
};

export type Story = { steps: Step[]; down: Downtime[] };

/** The local midnight starting day `n` of the week (day 0 is the first whole day after `from`). */
function dayStart(from: number, n: number): number {
  const local = from + LOCAL_OFFSET_MS;
  return local - (local % DAY_MS) + DAY_MS - LOCAL_OFFSET_MS + n * DAY_MS;
}

function pick<T>(rng: Rng, items: readonly T[], taken: Set<T>): T {
  const free = items.filter((i) => !taken.has(i));
  const chosen = free[Math.floor(rng() * free.length)];
  if (chosen === undefined) throw new Error('the demo fleet has too few devices for the demo week');
  taken.add(chosen);
  return chosen;
}

const faulted = (deviceId: string, fault: string, since: number): DeviceStatus => ({
  deviceId,
  comms: 'online',
  state: 'fault',
  faults: [fault],
  detail: fault,
  since,
});
export const healthy = (deviceId: string, since: number): DeviceStatus => ({
  deviceId,
  comms: 'online',
  state: 'normal',
  faults: [],
  detail: null,
  since,
});

/** The week's incidents between `from` and `to`, chosen and timed by `seed`. */
export function tellStory(parts: StoryParts, from: number, to: number, seed: number): Story {
  const { fleet, api } = parts;
  const rng = mulberry32(deriveSeed(seed, 'week:story'));
  const taken = new Set<string>();
  const ids = (kind: string) => fleet.devices.filter((d) => d.kind === kind).map((d) => d.id);
  const crew = (n: number) => [...(parts.crews[n % parts.crews.length] ?? ['周建国', '陈立'])];
  const steps: Step[] = [];
  const down: Downtime[] = [];
  const at = (t: number, run: Step['run']) => steps.push({ at: t, run });
  const local = (day: number, hh: number, mm: number) => dayStart(from, day) + hh * HOUR + mm * MIN;

  /** The fault shows at `raised` and is gone at `cleared`; the device is down in between. */
  const fault = (deviceId: string, cause: string, raised: number, cleared: number) => {
    down.push({ deviceId, from: raised, to: cleared });
    at(raised, () => parts.status([faulted(deviceId, cause, raised)]));
    at(cleared, () => parts.status([healthy(deviceId, cleared)]));
    return `${deviceId}:${cause}`;
  };
  const ack = (t: number, alarmId: string) =>
    at(t, async () => {
      await api['alarm.ack']({ id: alarmId }, onDuty(t).monitor);
    });

  /**
   * A fault handled by the book: acknowledged, a work order, a crew of two
   * dispatched, on site, fixed and accepted by the lead on duty then.
   * `outage` files the Shaoxing outage application when the fix runs past
   * two hours after dispatch; the resume follows the repair.
   */
  const handled = (o: {
    deviceId: string;
    cause: string;
    title: string;
    work: string;
    raised: number;
    ackAfter: number;
    dispatchAfter: number;
    arriveAfter: number;
    fixedAfter: number;
    acceptAfter: number;
    crew: number;
    outage?: boolean;
    reports?: boolean;
  }) => {
    const fixed = o.raised + o.fixedAfter;
    const alarmId = fault(o.deviceId, o.cause, o.raised, fixed);
    ack(o.raised + o.ackAfter, alarmId);
    let order = '';
    let outage = '';
    const created = o.raised + o.ackAfter + 3 * MIN;
    at(created, async () => {
      order = (
        await api['workorder.create']({ alarmIds: [alarmId], title: o.title }, onDuty(created).monitor)
      ).id;
    });
    const dispatched = o.raised + o.dispatchAfter;
    at(dispatched, async () => {
      await api['workorder.dispatch']({ id: order, crew: crew(o.crew) }, onDuty(dispatched).monitor);
    });
    const arrived = o.raised + o.arriveAfter;
    at(arrived + 4 * MIN, async () => {
      await api['workorder.arrive']({ id: order, checkInAt: arrived }, onDuty(arrived).monitor);
    });
    if (o.outage) {
      const filed = dispatched + 2 * HOUR + 5 * MIN;
      at(filed, async () => {
        const view = await api['application.file'](
          {
            kind: 'outage',
            target: { deviceId: o.deviceId },
            reason: 'unfixed-after-dispatch',
            note: '派单后2小时内未能修复，申请停运，待备件到货更换',
            workOrderId: order,
          },
          onDuty(filed).monitor,
        );
        outage = view.id;
      });
      at(filed + 20 * MIN, async () => {
        await api['application.approve']({ id: outage }, onDuty(filed + 20 * MIN).lead);
      });
      // The crew comes back with the part and checks in again.
      const back = fixed - 90 * MIN;
      at(back + 3 * MIN, async () => {
        await api['workorder.arrive']({ id: order, checkInAt: back }, onDuty(back).monitor);
      });
    }
    if (o.reports) {
      // Emergency tier: the plan first, then progress within every hour and device status within every two until fixed.
      const report = (t: number, kind: 'planned' | 'progress-reported' | 'status-reported', note: string) =>
        at(t, async () => {
          await api['workorder.report']({ id: order, report: kind, note }, onDuty(t).monitor);
        });
      report(dispatched + 5 * MIN, 'planned', '应急预案：断开该桩进线，班组携绝缘监测板赶赴现场');
      for (let t = created + 50 * MIN; t < fixed; t += 55 * MIN) report(t, 'progress-reported', '现场处理中');
      for (let t = created + 100 * MIN; t < fixed; t += 110 * MIN)
        report(t, 'status-reported', '设备已隔离，其余桩正常');
    }
    at(fixed + MIN, async () => {
      await api['workorder.resolve']({ id: order, work: o.work }, onDuty(fixed).monitor);
    });
    if (o.outage) {
      let resume = '';
      at(fixed + 10 * MIN, async () => {
        const view = await api['application.file'](
          { kind: 'resume', outageId: outage, note: '已修复，试充正常，申请复投' },
          onDuty(fixed + 10 * MIN).monitor,
        );
        resume = view.id;
      });
      at(fixed + 30 * MIN, async () => {
        await api['application.approve']({ id: resume }, onDuty(fixed + 30 * MIN).lead);
      });
    }
    const accepted = o.raised + o.acceptAfter;
    at(accepted, async () => {
      await api['workorder.accept']({ id: order, note: '复核正常，同意验收' }, onDuty(accepted).lead);
    });
  };

  const dc = ids('dc-charger');
  const ac = ids('ac-charger');
  const pv = ids('pv-inverter');

  // Day 0, mid-morning: insulation failure on a DC charger, an emergency handled well inside its clocks.
  handled({
    deviceId: pick(rng, dc, taken),
    cause: 'insulationFault',
    title: '直流桩绝缘故障',
    work: '更换绝缘监测板，绝缘电阻恢复至 12 MΩ，试充正常',
    raised: local(0, 10, 20),
    ackAfter: 3 * MIN,
    dispatchAfter: 15 * MIN,
    arriveAfter: 55 * MIN,
    fixedAfter: 2 * HOUR + 30 * MIN,
    acceptAfter: 3 * HOUR + 10 * MIN,
    crew: 0,
    reports: true,
  });
  // Day 1, afternoon: a ground fault at a wallbox.
  handled({
    deviceId: pick(rng, ac, taken),
    cause: 'groundFault',
    title: '交流桩接地故障',
    work: '接地端子松动，紧固后接地电阻 0.8 Ω',
    raised: local(1, 14, 5),
    ackAfter: 5 * MIN,
    dispatchAfter: 30 * MIN,
    arriveAfter: HOUR + 20 * MIN,
    fixedAfter: 2 * HOUR + 10 * MIN,
    acceptAfter: 5 * HOUR,
    crew: 1,
  });
  // Day 2: an overheating wallbox waits for a part: the outage application, and the resume a day later.
  handled({
    deviceId: pick(rng, ac, taken),
    cause: 'overTemperature',
    title: '交流桩过温保护',
    work: '更换烧蚀的枪线端子及接触器，温升试验合格',
    raised: local(2, 9, 10),
    ackAfter: 4 * MIN,
    dispatchAfter: 20 * MIN,
    arriveAfter: HOUR + 5 * MIN,
    fixedAfter: 26 * HOUR,
    acceptAfter: 27 * HOUR,
    crew: 2,
    outage: true,
  });
  // Day 3, late evening: a fan fault whose crew went out long after the 2 h dispatch clock: a breached SLA.
  handled({
    deviceId: pick(rng, dc, taken),
    cause: 'fanFault',
    title: '直流桩散热风扇故障',
    work: '更换散热风扇，模块温度恢复正常',
    raised: local(3, 21, 30),
    ackAfter: 12 * MIN,
    dispatchAfter: 2 * HOUR + 40 * MIN,
    arriveAfter: 3 * HOUR + 50 * MIN,
    fixedAfter: 5 * HOUR,
    acceptAfter: 11 * HOUR,
    crew: 3,
  });
  // Day 4, noon: an inverter drops off the grid for a while and comes back by itself.
  const inverter = pick(rng, pv, taken);
  const gridLoss = fault(inverter, 'gridDisconnect', local(4, 12, 2), local(4, 12, 47));
  ack(local(4, 12, 9), gridLoss);

  // Day 5, late afternoon: a whole station goes dark for 35 minutes (its 4G router rebooting).
  const station = fleet.stations[Math.floor(rng() * fleet.stations.length)];
  if (station) {
    const devices = fleet.devices.filter((d) => d.stationId === station.id).map((d) => d.id);
    const lost = local(5, 16, 40);
    const back = lost + 35 * MIN;
    for (const deviceId of devices) down.push({ deviceId, from: lost, to: back });
    at(lost, () =>
      parts.status(
        devices.map((deviceId) => ({
          deviceId,
          comms: 'comm-lost',
          state: 'comm-lost',
          faults: [],
          detail: 'no response',
          since: lost,
        })),
      ),
    );
    ack(lost + 6 * MIN, `${station.id}:comms.station`);
    at(back, () => parts.status(devices.map((deviceId) => healthy(deviceId, back))));
    // The gateway's alarm, hidden under the station's while it lasted, comes back to be acknowledged.
    const gateway = fleet.devices.find((d) => d.stationId === station.id)?.endpoint;
    ack(back + 3 * MIN, `${gateway}:comms.gateway`);
  }

  // Three hours before the demo starts: a stuck gun, its crew on the way: open work for the handover.
  const stuck = pick(rng, ac, taken);
  const raised = to - 3 * HOUR;
  const stuckAlarm = fault(stuck, 'gunStuck', raised, raised + 40 * MIN);
  ack(raised + 2 * MIN, stuckAlarm);
  let open = '';
  at(raised + 5 * MIN, async () => {
    open = (
      await api['workorder.create'](
        { alarmIds: [stuckAlarm], title: '交流桩枪头无法拔出' },
        onDuty(raised).monitor,
      )
    ).id;
  });
  at(raised + 20 * MIN, async () => {
    await api['workorder.dispatch']({ id: open, crew: crew(4) }, onDuty(raised).monitor);
  });

  const outside = steps.find((s) => s.at <= from || s.at >= to);
  if (outside)
    throw new Error(`demo week: a step at ${new Date(outside.at).toISOString()} falls outside the week`);
  return { steps, down };
}
