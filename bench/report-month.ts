import type { Device, PointSample, ProfileInfo, Station } from '../shared/api/model';
import type { JournalInput } from '../shared/journal/event';
import { mulberry32, type Rng, uniform } from '../sim/random';

/**
 * A synthetic month of a fleet, as the desk's services would have journalled
 * it: charging sessions, device faults with acknowledgements and clears,
 * comms losses (some whole stations, with the device alarms suppressed
 * under them), work orders through to acceptance, outages and exemptions,
 * and the hourly lifetime-energy readings telemetry history would hold.
 */

export type SyntheticFleet = { stations: Station[]; devices: Device[]; profiles: ProfileInfo[] };

const HOUR = 3_600_000;
const SYSTEM = { user: 'dutydesk', role: 'system' };
const MONITOR = { user: 'mon-a', role: 'monitor' };
const LEAD = { user: 'lead-b', role: 'shift-lead' };

const profile = (id: string, kind: ProfileInfo['kind'], key: string, unit: string): ProfileInfo => ({
  id,
  kind,
  points: [{ key, unit, label: { 'zh-CN': key, en: key }, writable: false, command: false, options: null }],
});

/** `stations` stations of 8 AC and 2 DC chargers and a PV inverter each (20 stations: 200 chargers). */
export function syntheticFleet(stations: number): SyntheticFleet {
  const groups = ['越城区', '柯桥区', '上虞区', '诸暨市', '嵊州市', '新昌县'];
  const out: SyntheticFleet = {
    stations: [],
    devices: [],
    profiles: [
      profile('ac-7kw', 'ac-charger', 'totalEnergy', 'kWh'),
      profile('dc-120kw-dual', 'dc-charger', 'totalEnergy', 'kWh'),
      profile('pv-sunspec-103', 'pv-inverter', 'energyTotal', 'Wh'),
    ],
  };
  for (let s = 1; s <= stations; s++) {
    const id = `st${String(s).padStart(3, '0')}`;
    const group = groups[s % groups.length] ?? '越城区';
    out.stations.push({
      id,
      name: `绍兴第${s}号充电站`,
      nameEn: `Shaoxing station ${s}`,
      address: '',
      lat: 30,
      lng: 120.5,
      group,
      urban: s % 3 !== 0,
    });
    const add = (
      suffix: string,
      kind: Device['kind'],
      guns: number,
      profileId: string,
      ratedKw: number,
      unitId: number,
    ) =>
      out.devices.push({
        id: `${id}-${suffix}`,
        stationId: id,
        name: `${kind === 'pv-inverter' ? '光伏逆变器' : kind === 'dc-charger' ? '直流桩' : '交流桩'} ${suffix.toUpperCase()}`,
        kind,
        profile: profileId,
        endpoint: `10.0.${s}.1:502`,
        unitId,
        guns,
        ratedKw,
      });
    for (let n = 1; n <= 8; n++) add(`ac${n}`, 'ac-charger', 1, 'ac-7kw', 7, n);
    for (let n = 1; n <= 2; n++) add(`dc${n}`, 'dc-charger', 2, 'dc-120kw-dual', 120, 8 + n);
    add('pv1', 'pv-inverter', 0, 'pv-sunspec-103', 100, 11);
  }
  return out;
}

const FAULTS = ['groundFault', 'overTemperature', 'meterFault', 'cpAbnormal', 'insulationFault', 'fanFault'];
const TRIAGE: Readonly<Record<string, { tier: string; priority: string; defectClass: string }>> = {
  groundFault: { tier: 'on-site', priority: 'high', defectClass: 'serious' },
  overTemperature: { tier: 'on-site', priority: 'high', defectClass: 'serious' },
  meterFault: { tier: 'on-site', priority: 'medium', defectClass: 'general' },
  cpAbnormal: { tier: 'remote', priority: 'low', defectClass: 'general' },
  insulationFault: { tier: 'emergency', priority: 'critical', defectClass: 'critical' },
  fanFault: { tier: 'on-site', priority: 'high', defectClass: 'serious' },
  'comms.device': { tier: 'remote', priority: 'low', defectClass: 'general' },
  'comms.station': { tier: 'on-site', priority: 'high', defectClass: 'serious' },
};

function alarm(
  type: string,
  subject: string,
  ts: number,
  from: string,
  to: string,
  cause: string,
  deviceId: string | null,
  stationId: string,
): JournalInput {
  const t = TRIAGE[cause] ?? { tier: 'remote', priority: 'low', defectClass: 'general' };
  return {
    type,
    subject,
    ts,
    data: { from, to, cause, source: 'status', deviceId, stationId, ...t, ruleId: cause },
    reason: null,
    actor: type === 'alarm.acked' ? MONITOR : SYSTEM,
  };
}

/** A comms alarm that nobody acknowledged while it lasted: raised, returned unacknowledged, then acknowledged. */
function lostAndBack(
  id: string,
  cause: string,
  deviceId: string | null,
  stationId: string,
  lost: number,
  back: number,
  ackedAt: number,
): [JournalInput, ...JournalInput[]] {
  return [
    alarm('alarm.raised', id, lost, 'normal', 'active-unacknowledged', cause, deviceId, stationId),
    alarm(
      'alarm.cleared',
      id,
      back,
      'active-unacknowledged',
      'returned-unacknowledged',
      cause,
      deviceId,
      stationId,
    ),
    alarm('alarm.acked', id, ackedAt, 'returned-unacknowledged', 'normal', cause, deviceId, stationId),
  ];
}

export type SyntheticMonth = { events: JournalInput[]; samples: PointSample[] };

/**
 * About four sessions a day per gun-charger, three faults a month per
 * charger, a comms loss a month per device, two whole-station losses, a work
 * order for every on-site fault, an outage and an exemption every few
 * stations. Events come in time order, as a desk journals them.
 */
export function syntheticMonth(fleet: SyntheticFleet, from: number, to: number, seed = 9): SyntheticMonth {
  const rng: Rng = mulberry32(seed);
  const events: JournalInput[] = [];
  const samples: PointSample[] = [];
  const days = (to - from) / (24 * HOUR);
  const when = (margin = HOUR) => Math.round(from + margin + rng() * (to - from - 2 * margin));
  let orders = 0;
  let apps = 0;

  for (const d of fleet.devices) {
    if (d.kind === 'pv-inverter') {
      let wh = uniform(rng, 1e7, 5e7);
      for (let t = from; t < to; t += HOUR) {
        const hour = new Date(t + 8 * HOUR).getUTCHours();
        if (hour >= 7 && hour <= 17) wh += uniform(rng, 10_000, 60_000);
        samples.push({ deviceId: d.id, key: 'energyTotal', value: wh, quality: 'good', ts: t });
      }
    } else {
      let kwh = uniform(rng, 2_000, 30_000);
      const ends: { ts: number; kwh: number; gun: number }[] = [];
      for (let g = 1; g <= d.guns; g++) {
        for (let i = 0; i < Math.round(days * uniform(rng, 2, 6)); i++) {
          ends.push({
            ts: when(),
            kwh: d.kind === 'dc-charger' ? uniform(rng, 15, 60) : uniform(rng, 5, 35),
            gun: g,
          });
        }
      }
      ends.sort((a, b) => a.ts - b.ts);
      let next = 0;
      for (let t = from; t < to; t += HOUR) {
        while (next < ends.length && (ends[next]?.ts ?? 0) < t) kwh += ends[next++]?.kwh ?? 0;
        samples.push({ deviceId: d.id, key: 'totalEnergy', value: kwh, quality: 'good', ts: t });
      }
      for (const s of ends) {
        const durationS = Math.round((s.kwh / (d.kind === 'dc-charger' ? 60 : 6.8)) * 3600);
        events.push({
          type: 'charging.session',
          subject: `${d.id}:gun${s.gun}`,
          ts: s.ts,
          data: {
            deviceId: d.id,
            stationId: d.stationId,
            gun: s.gun,
            startedAt: s.ts - durationS * 1000,
            endedAt: s.ts,
            energyKwh: Math.round(s.kwh * 100) / 100,
            durationS,
            endState: 'idle',
          },
          reason: null,
          actor: SYSTEM,
        });
      }
      const first = Math.floor(rng() * FAULTS.length);
      for (let i = 0; i < 3; i++) {
        // Three different causes: one alarm point is never raised twice at once.
        const cause = FAULTS[(first + i) % FAULTS.length] ?? 'groundFault';
        const id = `${d.id}:${cause}`;
        const raised = when(6 * HOUR);
        const acked = Math.round(raised + uniform(rng, 1, 20) * 60_000);
        const cleared = Math.round(acked + uniform(rng, 0.2, 5) * HOUR);
        events.push(
          alarm('alarm.raised', id, raised, 'normal', 'active-unacknowledged', cause, d.id, d.stationId),
        );
        events.push(
          alarm(
            'alarm.acked',
            id,
            acked,
            'active-unacknowledged',
            'active-acknowledged',
            cause,
            d.id,
            d.stationId,
          ),
        );
        if (TRIAGE[cause]?.tier !== 'remote') {
          const wo = `WO-${String(++orders).padStart(4, '0')}`;
          const step = (
            type: string,
            ts: number,
            event: Record<string, string | number | string[]>,
            actor = MONITOR,
          ) =>
            events.push({
              type: `workorder.${type}`,
              subject: wo,
              ts,
              data: { event, detail: null, stationId: d.stationId },
              reason: null,
              actor,
            });
          events.push({
            type: 'workorder.created',
            subject: wo,
            ts: acked + 60_000,
            data: {
              title: cause,
              incidents: [{ alarmId: id, raisedAt: raised }],
              stationId: d.stationId,
              deviceIds: [d.id],
              tier: TRIAGE[cause]?.tier ?? 'on-site',
              defectClass: TRIAGE[cause]?.defectClass ?? 'serious',
            },
            reason: null,
            actor: MONITOR,
          });
          const dispatched = Math.round(acked + uniform(rng, 5, 150) * 60_000);
          const arrived = Math.round(dispatched + uniform(rng, 20, 200) * 60_000);
          step('dispatched', dispatched, { crew: ['张工', '李工'] });
          step('arrived', arrived + 1000, { checkInAt: arrived });
          step('resolved', Math.max(cleared, arrived + 2000), { work: '已处理' });
          step('accepted', Math.max(cleared, arrived + 2000) + HOUR, { by: LEAD.user }, LEAD);
        }
        events.push(
          alarm('alarm.cleared', id, cleared, 'active-acknowledged', 'normal', cause, d.id, d.stationId),
        );
      }
    }
    const lost = when(6 * HOUR);
    const back = Math.round(lost + uniform(rng, 2, 40) * 60_000);
    const id = `${d.id}:comms.device`;
    events.push(...lostAndBack(id, 'comms.device', d.id, d.stationId, lost, back, back + 60_000));
  }

  for (const station of fleet.stations.slice(0, 2)) {
    const lost = when(6 * HOUR);
    const back = Math.round(lost + 45 * 60_000);
    const id = `${station.id}:comms.station`;
    const [raised, ...returned] = lostAndBack(
      id,
      'comms.station',
      null,
      station.id,
      lost,
      back,
      back + 120_000,
    );
    events.push(raised);
    for (const d of fleet.devices.filter((x) => x.stationId === station.id)) {
      const child = `${d.id}:comms.device`;
      // Suppressed under the station's alarm while it lasts: raised, cleared and let go with it.
      const steps: [string, number, string, string][] = [
        ['alarm.raised', lost, 'normal', 'suppressed-by-design'],
        ['alarm.cleared', back, 'suppressed-by-design', 'suppressed-by-design'],
        ['alarm.unsuppressed', back, 'suppressed-by-design', 'normal'],
      ];
      for (const [type, ts, from, to] of steps)
        events.push(alarm(type, child, ts, from, to, 'comms.device', d.id, station.id));
    }
    events.push(...returned);
  }

  for (const station of fleet.stations.filter((_, i) => i % 4 === 0)) {
    const deviceIds = fleet.devices
      .filter((d) => d.stationId === station.id && d.kind !== 'pv-inverter')
      .map((d) => d.id);
    const outage = `AP-${String(++apps).padStart(4, '0')}`;
    const resume = `AP-${String(++apps).padStart(4, '0')}`;
    const filed = when(3 * 24 * HOUR);
    const file = (
      id: string,
      ts: number,
      kind: string,
      ids: string[],
      extra: Record<string, string | number | null>,
    ) =>
      events.push({
        type: 'application.filed',
        subject: id,
        ts,
        data: {
          kind,
          target: { deviceId: ids[0] ?? '' },
          deviceIds: ids,
          stationId: station.id,
          reason: 'before-maintenance',
          note: '',
          ...extra,
        },
        reason: null,
        actor: MONITOR,
      });
    const decide = (id: string, ts: number, type: string, kind: string) =>
      events.push({
        type: `application.${type}`,
        subject: id,
        ts,
        data: { kind, from: type === 'ended' ? 'approved' : 'applied', to: type },
        reason: null,
        actor: LEAD,
      });
    file(outage, filed, 'outage', deviceIds.slice(0, 1), { from: null, until: null });
    decide(outage, filed + HOUR, 'approved', 'outage');
    file(resume, filed + 30 * HOUR, 'resume', deviceIds.slice(0, 1), {
      outageId: outage,
      reason: 'repaired',
    });
    decide(resume, filed + 31 * HOUR, 'approved', 'resume');
    decide(outage, filed + 31 * HOUR, 'ended', 'outage');
    const exemption = `AP-${String(++apps).padStart(4, '0')}`;
    file(exemption, filed - 2 * HOUR, 'exemption', deviceIds, {
      reason: 'extreme-weather',
      from: filed - 2 * HOUR,
      until: filed + 4 * HOUR,
    });
    decide(exemption, filed - HOUR, 'approved', 'exemption');
  }

  events.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  return { events, samples };
}
