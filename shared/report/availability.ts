import type { Device, Station } from '../api/model';
import type {
  AvailabilityReport,
  DeviceAvailability,
  ReportDevice,
  ReportPeriod,
  ReportStation,
  StationAvailability,
} from '../api/reports';
import { SOURCE_TEXT } from '../i18n/messages/report-sources';
import { type AlarmPoint, type ApplicationFacts, excludedSpan, type Span } from './facts';
import { clip, type Interval, ratio, subtract, total, union } from './intervals';
import { kpi } from './kpi';
import { observedRange } from './period';

export type ReportFleet = { stations: readonly Station[]; devices: readonly Device[] };

export const isCharger = (d: Pick<Device, 'kind'>) => d.kind === 'ac-charger' || d.kind === 'dc-charger';

const GUN_FAULT = /^gun(\d+)\.faulted$/;

/** Why a device could not serve, as journalled alarm conditions (open spans run to `end`). */
export type DownSpans = {
  /** Its own comms alarm, or its station's or gateway's. */
  comms: Interval[];
  /** Fault codes of the device as a whole (fault-word bits, inverter fault, tripped breaker). */
  fault: Interval[];
  /** `gunN.faulted`, by gun number. */
  gunFault: Map<number, Interval[]>;
};

const closed = (spans: readonly Span[], end: number): Interval[] =>
  spans.map((s) => ({ startMs: s.startMs, endMs: s.endMs ?? end }));

/**
 * Each device's down spans from the alarm conditions in the journal. Limit
 * alarms (analog pre-alarms below the device's own trip) leave the device
 * serving and do not count.
 */
export function downSpans(
  points: ReadonlyMap<string, AlarmPoint>,
  devices: readonly Device[],
  end: number,
): Map<string, DownSpans> {
  const out = new Map<string, DownSpans>(
    devices.map((d) => [d.id, { comms: [], fault: [], gunFault: new Map() }]),
  );
  const byStation = new Map<string, Device[]>();
  const byGateway = new Map<string, Device[]>();
  for (const d of devices) {
    byStation.set(d.stationId, [...(byStation.get(d.stationId) ?? []), d]);
    byGateway.set(d.endpoint, [...(byGateway.get(d.endpoint) ?? []), d]);
  }
  for (const point of points.values()) {
    if (point.source === 'limit' || point.conditions.length === 0) continue;
    const spans = closed(point.conditions, end);
    if (point.cause === 'comms.station' || point.cause === 'comms.gateway') {
      const behind =
        point.cause === 'comms.station'
          ? byStation.get(point.stationId)
          : byGateway.get(point.alarmId.slice(0, -':comms.gateway'.length));
      for (const d of behind ?? []) out.get(d.id)?.comms.push(...spans);
      continue;
    }
    const own = point.deviceId ? out.get(point.deviceId) : undefined;
    if (!own) continue;
    if (point.cause === 'comms.device') {
      own.comms.push(...spans);
      continue;
    }
    const gun = GUN_FAULT.exec(point.cause);
    if (gun) {
      const n = Number(gun[1]);
      own.gunFault.set(n, [...(own.gunFault.get(n) ?? []), ...spans]);
    } else own.fault.push(...spans);
  }
  return out;
}

/** How a per-station row of any report starts: the station as configured and how many chargers it has. */
export function stationRow(s: Station, chargers: readonly unknown[]): ReportStation {
  return {
    stationId: s.id,
    name: s.name,
    nameEn: s.nameEn ?? null,
    group: s.group,
    chargers: chargers.length,
  };
}

/** How a per-device row of any report starts. */
export function deviceRow(d: Device): ReportDevice {
  return { deviceId: d.id, stationId: d.stationId, name: d.name };
}

/** Per device, the spans taken out of availability by approved outages, decommissions and exemptions. */
export function exclusions(apps: Iterable<ApplicationFacts>, end: number): Map<string, Interval[]> {
  const out = new Map<string, Interval[]>();
  for (const a of apps) {
    const span = excludedSpan(a);
    if (!span) continue;
    for (const id of a.deviceIds) {
      out.set(id, [...(out.get(id) ?? []), { startMs: span.startMs, endMs: span.endMs ?? end }]);
    }
  }
  return out;
}

/**
 * Availability of every charger, gun by gun, over the observed part of the
 * period. The rule: a gun is down while its charger has no comms (its own,
 * its gateway's or its station's comms alarm), while the charger has a
 * fault code, or while the gun itself is faulted. Time under an approved
 * outage (停运, until its resume 复投 is approved), after an approved
 * decommission (退运), or in an approved exemption (免考核) period is neither
 * counted nor lost (seed 001). Availability = (counted − down) ÷ counted;
 * a charger's and a station's sum the gun-time of their guns.
 */
export function availabilityReport(input: {
  period: ReportPeriod;
  fleet: ReportFleet;
  points: ReadonlyMap<string, AlarmPoint>;
  applications: readonly ApplicationFacts[];
}): AvailabilityReport {
  const { period, fleet } = input;
  const range = observedRange(period);
  const span = range.endMs - range.startMs;
  const chargers = fleet.devices.filter(isCharger);
  const down = downSpans(input.points, chargers, range.endMs);
  const excluded = exclusions(input.applications, range.endMs);

  const devices: DeviceAvailability[] = chargers.map((d) => {
    const spans = down.get(d.id) ?? { comms: [], fault: [], gunFault: new Map() };
    const out = union(clip(excluded.get(d.id) ?? [], range));
    const counted = span - total(out);
    const comms = union(clip(spans.comms, range));
    const fault = union(clip(spans.fault, range));
    const device = union([...comms, ...fault]);
    const guns = Array.from({ length: Math.max(1, d.guns) }, (_, i) => {
      const gun = i + 1;
      const lost = subtract(union([...device, ...clip(spans.gunFault.get(gun) ?? [], range)]), out);
      const downMs = total(lost);
      return { gun, countedMs: counted, downMs, availability: ratio(counted - downMs, counted) };
    });
    const countedMs = guns.reduce((s, g) => s + g.countedMs, 0);
    const downMs = guns.reduce((s, g) => s + g.downMs, 0);
    return {
      ...deviceRow(d),
      kind: d.kind,
      countedMs,
      downMs,
      faultMs: total(subtract(fault, out)),
      commsMs: total(subtract(comms, out)),
      excludedMs: total(out),
      availability: ratio(countedMs - downMs, countedMs),
      guns,
    };
  });

  const stations: StationAvailability[] = fleet.stations.map((s) => {
    const own = devices.filter((d) => d.stationId === s.id);
    const countedMs = own.reduce((n, d) => n + d.countedMs, 0);
    const downMs = own.reduce((n, d) => n + d.downMs, 0);
    return {
      ...stationRow(s, own),
      countedMs,
      downMs,
      excludedMs: own.reduce((n, d) => n + d.excludedMs, 0),
      availability: ratio(countedMs - downMs, countedMs),
    };
  });
  const countedMs = devices.reduce((n, d) => n + d.countedMs, 0);
  const downMs = devices.reduce((n, d) => n + d.downMs, 0);
  const source = SOURCE_TEXT.availabilityRule;
  return {
    period,
    fleet: kpi('availability', ratio(countedMs - downMs, countedMs), 'share', source),
    stations,
    devices,
    sources: { availability: source },
  };
}
