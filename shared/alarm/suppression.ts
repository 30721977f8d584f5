import type { AlarmEvent, AlarmRecordState, SuppressionParent } from './state';

/**
 * Suppression by design (ISA-18.2 state F) for comms loss: when a whole
 * station or gateway is unreachable, the operator needs one alarm for it,
 * not one per charger behind it. The children stay recorded and come back by
 * themselves if they are still lost once the parent answers again.
 */

/** Where a device sits: its station, and the gateway (Modbus endpoint, host:port) it is polled through. */
export type DeviceLink = { deviceId: string; stationId: string; gatewayId: string };

export type LostParents = { stations: ReadonlySet<string>; gateways: ReadonlySet<string> };

export type CommsAlarm =
  | { alarmId: string; cause: 'comms.device'; deviceId: string }
  | { alarmId: string; cause: 'comms.gateway'; gatewayId: string }
  | { alarmId: string; cause: 'comms.station'; stationId: string };

export type SuppressionGroup = { parent: SuppressionParent; alarmIds: string[] };

/**
 * A station or gateway counts as lost when every device behind it is lost
 * and there are at least `minDevices` of them: with a single device the
 * device's own alarm already says everything, and a parent alarm would only
 * double it.
 */
export function lostParents(
  links: readonly DeviceLink[],
  lostDevices: ReadonlySet<string>,
  minDevices = 2,
): LostParents {
  const lostWhere = (parentOf: (l: DeviceLink) => string) => {
    const members = new Map<string, DeviceLink[]>();
    for (const link of links) members.set(parentOf(link), [...(members.get(parentOf(link)) ?? []), link]);
    return new Set(
      [...members]
        .filter(([, ls]) => ls.length >= minDevices && ls.every((l) => lostDevices.has(l.deviceId)))
        .map(([id]) => id),
    );
  };
  return { stations: lostWhere((l) => l.stationId), gateways: lostWhere((l) => l.gatewayId) };
}

/**
 * Which comms alarms are suppressed, and under which parent. The station
 * wins over a gateway of its own because it is what the crew drives to; such
 * a gateway alarm is suppressed only when its station is lost. A gateway
 * that serves several stations (an MQTT broker, a shared router) is upstream
 * of them: lost, it is the one alarm, and the alarms of the devices behind
 * it and of stations wholly behind lost shared gateways are suppressed under
 * it. Other station alarms are never suppressed.
 */
export function designSuppression(
  alarms: readonly CommsAlarm[],
  links: readonly DeviceLink[],
  lost: LostParents,
): Map<string, SuppressionParent> {
  const byDevice = new Map(links.map((l) => [l.deviceId, l]));
  // Both directions once per design, not a scan of every link per alarm of a storm.
  const stationsOf = new Map<string, Set<string>>();
  const gatewaysOf = new Map<string, Set<string>>();
  for (const l of links) {
    stationsOf.set(l.gatewayId, (stationsOf.get(l.gatewayId) ?? new Set()).add(l.stationId));
    gatewaysOf.set(l.stationId, (gatewaysOf.get(l.stationId) ?? new Set()).add(l.gatewayId));
  }
  const shared = new Set([...stationsOf].filter(([, stations]) => stations.size > 1).map(([id]) => id));
  const topology: Topology = { byDevice, stationsOf, gatewaysOf, shared };
  const result = new Map<string, SuppressionParent>();
  for (const alarm of alarms) {
    const parent = parentOf(alarm, topology, lost);
    if (parent) result.set(alarm.alarmId, parent);
  }
  return result;
}

type Topology = {
  byDevice: ReadonlyMap<string, DeviceLink>;
  /** The stations each gateway serves. */
  stationsOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** The gateways each station is reached through. */
  gatewaysOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** Gateways serving more than one station: upstream of them. */
  shared: ReadonlySet<string>;
};

function parentOf(alarm: CommsAlarm, topology: Topology, lost: LostParents): SuppressionParent | null {
  const { byDevice, stationsOf, gatewaysOf, shared } = topology;
  switch (alarm.cause) {
    case 'comms.device': {
      const link = byDevice.get(alarm.deviceId);
      if (!link) return null;
      if (shared.has(link.gatewayId) && lost.gateways.has(link.gatewayId))
        return { kind: 'gateway', id: link.gatewayId };
      if (lost.stations.has(link.stationId)) return { kind: 'station', id: link.stationId };
      if (lost.gateways.has(link.gatewayId)) return { kind: 'gateway', id: link.gatewayId };
      return null;
    }
    case 'comms.gateway': {
      if (shared.has(alarm.gatewayId)) return null;
      const stations = [...(stationsOf.get(alarm.gatewayId) ?? [])];
      if (stations.length === 0 || !stations.every((s) => lost.stations.has(s))) return null;
      return { kind: 'station', id: stations.sort()[0] ?? '' };
    }
    case 'comms.station': {
      const gateways = [...(gatewaysOf.get(alarm.stationId) ?? [])].sort();
      const upstream = gateways.length > 0 && gateways.every((g) => shared.has(g) && lost.gateways.has(g));
      return upstream ? { kind: 'gateway', id: gateways[0] ?? '' } : null;
    }
  }
}

const key = (p: SuppressionParent) => `${p.kind}:${p.id}`;
const KIND_ORDER: Readonly<Record<SuppressionParent['kind'], number>> = { station: 0, gateway: 1 };

/** For the queue: "station S1 — 12 comms alarms suppressed", stations first, then by id. */
export function groupByParent(suppressed: ReadonlyMap<string, SuppressionParent>): SuppressionGroup[] {
  const groups = new Map<string, SuppressionGroup>();
  for (const [alarmId, parent] of suppressed) {
    const group = groups.get(key(parent)) ?? { parent, alarmIds: [] };
    group.alarmIds.push(alarmId);
    groups.set(key(parent), group);
  }
  return [...groups.values()].sort(
    (a, b) => KIND_ORDER[a.parent.kind] - KIND_ORDER[b.parent.kind] || a.parent.id.localeCompare(b.parent.id),
  );
}

/**
 * The events that bring each alarm record in line with `wanted` (from
 * designSuppression): suppress where a parent now applies or changed,
 * unsuppress where none applies any more. Alarms already right get none.
 */
export function suppressionEvents(
  records: ReadonlyArray<{ alarmId: string; alarm: Pick<AlarmRecordState, 'suppressedBy'> }>,
  wanted: ReadonlyMap<string, SuppressionParent>,
): { alarmId: string; event: AlarmEvent }[] {
  return records.flatMap(({ alarmId, alarm }): { alarmId: string; event: AlarmEvent }[] => {
    const want = wanted.get(alarmId) ?? null;
    const have = alarm.suppressedBy;
    if (want && (!have || key(want) !== key(have)))
      return [{ alarmId, event: { type: 'suppress', parent: want } }];
    if (!want && have) return [{ alarmId, event: { type: 'unsuppress' } }];
    return [];
  });
}
