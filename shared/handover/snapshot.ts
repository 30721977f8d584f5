import { comparePriority } from '../alarm/priority';
import type { AlarmView } from '../api/alarms';
import type { Device, DeviceStatus, Station } from '../api/model';
import { ruleTextOf, type SlaRuleTexts, slaRuleTexts } from '../triage/sla';
import type { Tier } from '../triage/tiers';
import {
  type AlarmLine,
  type CheckKind,
  CheckKind as CheckKinds,
  type CheckLine,
  type CheckResult,
  type ClockLine,
  type HandoverSnapshot,
  type OfflineLine,
  type OutageLine,
  type ShelvedLine,
  type WorkOrderLine,
} from './record';

/** A check result as recorded in the journal during the shift. */
export type RecordedCheck = CheckResult & { at: number; by: string };

export type SnapshotInputs = {
  now: number;
  stations: readonly Station[];
  devices: readonly Device[];
  status: readonly DeviceStatus[];
  alarms: readonly AlarmView[];
  /** null: no work-order module on this desk. */
  workOrders: readonly WorkOrderLine[] | null;
  outages: readonly OutageLine[] | null;
  /** Checks recorded during the shift, in the order they were recorded. */
  checks: readonly RecordedCheck[];
  /** The basis of each SLA clock (`sla.rules`), which alarm records leave out; the shipped presets' when absent. */
  slaRules?: SlaRuleTexts;
};

/** States in which an alarm still asks the operator for something and is in the queue. */
const OPEN_STATES: ReadonlySet<AlarmView['state']> = new Set([
  'active-unacknowledged',
  'active-acknowledged',
  'returned-unacknowledged',
]);

type Names = { station(id: string): string; device(id: string | null): string | null };

function namesOf(stations: readonly Station[], devices: readonly Device[]): Names {
  const stationNames = new Map(stations.map((s) => [s.id, s.name]));
  const deviceNames = new Map(devices.map((d) => [d.id, d.name]));
  return {
    station: (id) => stationNames.get(id) ?? id,
    device: (id) => (id === null ? null : (deviceNames.get(id) ?? id)),
  };
}

function place(names: Names, stationId: string, deviceId: string | null) {
  return {
    stationId,
    stationName: names.station(stationId),
    deviceId,
    deviceName: names.device(deviceId),
  };
}

const byStationThen =
  <T extends { stationId: string }>(key: (x: T) => number) =>
  (a: T, b: T) =>
    a.stationId.localeCompare(b.stationId) || key(a) - key(b);

function alarmLines(alarms: readonly AlarmView[], names: Names): Record<Tier, AlarmLine[]> {
  const out: Record<Tier, AlarmLine[]> = { emergency: [], 'on-site': [], remote: [] };
  const open = alarms
    .filter((a) => OPEN_STATES.has(a.state))
    .sort((a, b) => comparePriority(a.priority, b.priority) || a.raisedAt - b.raisedAt);
  for (const a of open) {
    out[a.tier].push({
      ...place(names, a.stationId, a.deviceId),
      id: a.id,
      cause: a.cause,
      priority: a.priority,
      tier: a.tier,
      state: a.state,
      raisedAt: a.raisedAt,
      ackedBy: a.ackedBy,
    });
  }
  return out;
}

function clockLines(
  alarms: readonly AlarmView[],
  names: Names,
  rules: SlaRuleTexts = slaRuleTexts(),
): HandoverSnapshot['clocks'] {
  const basisOf = ruleTextOf(rules);
  const running: ClockLine[] = [];
  const breached: ClockLine[] = [];
  for (const a of alarms) {
    if (!OPEN_STATES.has(a.state) && a.state !== 'shelved') continue;
    for (const c of a.clocks) {
      if (c.kind !== 'deadline' || (c.state !== 'running' && c.state !== 'breached')) continue;
      const line: ClockLine = {
        ...place(names, a.stationId, a.deviceId),
        alarmId: a.id,
        cause: a.cause,
        tier: a.tier,
        clock: c.id,
        basis: basisOf(a.slaPreset, a.tier, c.id) ?? c.id,
        deadline: c.deadline,
        remainingMs: c.remainingMs,
      };
      (c.state === 'breached' ? breached : running).push(line);
    }
  }
  // Most urgent first: the least time left, the longest overdue.
  const left = (l: ClockLine) => l.remainingMs ?? Number.POSITIVE_INFINITY;
  running.sort((a, b) => left(a) - left(b));
  breached.sort((a, b) => left(a) - left(b));
  return { running, breached };
}

function shelvedLines(alarms: readonly AlarmView[], names: Names): ShelvedLine[] {
  return alarms
    .flatMap((a) =>
      a.state === 'shelved' && a.shelf
        ? [
            {
              ...place(names, a.stationId, a.deviceId),
              alarmId: a.id,
              cause: a.cause,
              reason: a.shelf.reason,
              shelvedAt: a.shelf.atMs,
              untilMs: a.shelf.untilMs,
            },
          ]
        : [],
    )
    .sort((a, b) => a.untilMs - b.untilMs);
}

function offlineLines(
  devices: readonly Device[],
  status: readonly DeviceStatus[],
  names: Names,
): OfflineLine[] {
  const byId = new Map(devices.map((d) => [d.id, d]));
  return status
    .flatMap((s) => {
      const device = byId.get(s.deviceId);
      if (!device || s.comms !== 'comm-lost') return [];
      return [
        {
          ...place(names, device.stationId, device.id),
          deviceId: device.id,
          deviceName: device.name,
          since: s.since,
          detail: s.detail,
        },
      ];
    })
    .sort(byStationThen((l) => l.since));
}

/**
 * The desk's own reading of the Ethernet links: every gateway with at least
 * one device answering is up. It stands in for the check until the monitor
 * records it, and says so. A silent gateway is named by its station and the
 * devices behind it, never by its address: the record is read by roles that
 * may not see the station network's map (shared/config/endpoints.ts).
 */
export function ethernetFromGateways(devices: readonly Device[], status: readonly DeviceStatus[]): CheckLine {
  const comms = new Map(status.map((s) => [s.deviceId, s.comms]));
  const gateways = new Map<string, { up: boolean; behind: Device[] }>();
  for (const d of devices) {
    const gateway = gateways.get(d.endpoint) ?? { up: false, behind: [] };
    gateway.up ||= comms.get(d.id) === 'online';
    gateway.behind.push(d);
    gateways.set(d.endpoint, gateway);
  }
  const silent = [...gateways.values()]
    .filter((g) => !g.up)
    .map((g) => gatewayName(g.behind))
    .sort();
  return {
    check: 'ethernet',
    status: silent.length === 0 ? 'ok' : 'problem',
    note: '',
    simDataMb: null,
    source: 'gateway-comms',
    recordedAt: null,
    recordedBy: null,
    gateways: { answering: gateways.size - silent.length, total: gateways.size, silent },
  };
}

/** "sx02: sx02-ac1, sx02-dc1": where the gateway is and what is behind it. */
function gatewayName(behind: readonly Device[]): string {
  const stations = [...new Set(behind.map((d) => d.stationId))].sort().join(', ');
  return `${stations}: ${behind
    .map((d) => d.id)
    .sort()
    .join(', ')}`;
}

function checkLines(inputs: SnapshotInputs): CheckLine[] {
  const latest = new Map<CheckKind, RecordedCheck>();
  for (const c of inputs.checks) latest.set(c.check, c);
  return CheckKinds.options.map((kind): CheckLine => {
    const done = latest.get(kind);
    if (done) {
      return {
        check: kind,
        status: done.status,
        note: done.note,
        simDataMb: done.simDataMb,
        source: 'monitor',
        recordedAt: done.at,
        recordedBy: done.by,
        gateways: null,
      };
    }
    if (kind === 'ethernet' && inputs.devices.length > 0)
      return ethernetFromGateways(inputs.devices, inputs.status);
    return {
      check: kind,
      status: 'not-done',
      note: '',
      simDataMb: null,
      source: null,
      recordedAt: null,
      recordedBy: null,
      gateways: null,
    };
  });
}

/** Assembles the handover snapshot from what the desk knows at `now`; no I/O. */
export function assembleSnapshot(inputs: SnapshotInputs): HandoverSnapshot {
  const names = namesOf(inputs.stations, inputs.devices);
  const alarms = alarmLines(inputs.alarms, names);
  const clocks = clockLines(inputs.alarms, names, inputs.slaRules);
  const shelved = shelvedLines(inputs.alarms, names);
  const offline = offlineLines(inputs.devices, inputs.status, names);
  const workOrders = inputs.workOrders ? [...inputs.workOrders] : null;
  const outages = inputs.outages ? [...inputs.outages] : null;
  const stations = new Set<string>();
  for (const list of [
    alarms.emergency,
    alarms['on-site'],
    alarms.remote,
    shelved,
    offline,
    workOrders ?? [],
    outages ?? [],
  ]) {
    for (const line of list) stations.add(line.stationId);
  }
  return {
    assembledAt: inputs.now,
    alarms,
    clocks,
    shelved,
    workOrders,
    outages,
    offline,
    checks: checkLines(inputs),
    stations: [...stations].sort(),
  };
}

/**
 * A draft's snapshot without the live fleet, for a past shift: only the
 * checks it recorded (and, where given, the station names to show).
 */
export function recordedSnapshot(
  now: number,
  checks: readonly RecordedCheck[],
  stations: readonly Station[] = [],
): HandoverSnapshot {
  return assembleSnapshot({
    now,
    stations,
    devices: [],
    status: [],
    alarms: [],
    workOrders: null,
    outages: null,
    checks,
  });
}
