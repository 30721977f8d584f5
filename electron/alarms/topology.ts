import type { AlarmEvent } from '../../shared/alarm/state';
import {
  type CommsAlarm,
  type DeviceLink,
  designSuppression,
  lostParents,
  suppressionEvents,
} from '../../shared/alarm/suppression';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import { type TriageOverride, tableFor } from '../../shared/triage/overrides';
import {
  assignTier,
  type TierAssignment,
  type Triage,
  type TriageTable,
  triage,
} from '../../shared/triage/tiers';
import type { AlarmPoint, AlarmPoints, PointKey } from './points';

/**
 * What the alarm queue knows of the fleet: the configured stations and
 * devices, each device's last status, which devices are out of service,
 * and from that the triage of a cause, the station and gateway alarms
 * whose condition holds and the design suppression of comms alarms.
 */
export class AlarmTopology {
  private stations = new Map<string, Station>();
  private devices = new Map<string, Device>();
  private gateways = new Set<string>();
  private readonly status = new Map<string, DeviceStatus>();
  /** Fault codes are unknown while a device is unreachable: its alarms keep their last condition. */
  private readonly faults = new Map<string, readonly string[]>();
  /** The last state seen with comms up, so a comms loss knows whether a session was running. */
  private readonly lastSeenState = new Map<string, DeviceStatus['state']>();
  /** Device → why it is out of service (an approved outage or decommission). */
  private outOfService = new Map<string, string>();
  /** The site's own triage rows (config `alarmRules`), in front of the shipped table. */
  private overrides: readonly TriageOverride[] = [];
  /** Station → the table it triages by; most stations share the base table. */
  private tables = new Map<string, TriageTable>();
  /**
   * Per table, triage depends on cause, device kind and charging alone; a
   * storm raises the same few thousand times.
   */
  private triaged = new WeakMap<TriageTable, Map<string, Triage>>();

  constructor(private readonly table: TriageTable) {}

  /** New rows apply to incidents raised from now on; a raised alarm keeps the triage it was raised with. */
  setOverrides(overrides: readonly TriageOverride[]): void {
    this.overrides = overrides;
    this.tables = new Map();
    this.triaged = new WeakMap();
  }

  /** The configured stations and devices; what is known of devices no longer configured is dropped. */
  set(stations: readonly Station[], devices: readonly Device[]): void {
    this.stations = new Map(stations.map((s) => [s.id, s]));
    this.devices = new Map(devices.map((d) => [d.id, d]));
    this.gateways = new Set(devices.map((d) => d.endpoint));
    // A station may have moved to another group.
    this.tables = new Map();
    for (const deviceId of [...this.status.keys()]) {
      if (!this.devices.has(deviceId)) {
        this.status.delete(deviceId);
        this.faults.delete(deviceId);
        this.lastSeenState.delete(deviceId);
      }
    }
  }

  stationList(): Station[] {
    return [...this.stations.values()];
  }

  deviceList(): Device[] {
    return [...this.devices.values()];
  }

  station(id: string): Station | undefined {
    return this.stations.get(id);
  }

  hasDevice(id: string): boolean {
    return this.devices.has(id);
  }

  stationOf(deviceId: string): string {
    return this.devices.get(deviceId)?.stationId ?? '';
  }

  /** Whether the device, gateway or station a point stands for is still configured. */
  configures(point: PointKey): boolean {
    if (point.deviceId) return this.devices.has(point.deviceId);
    return point.gatewayId ? this.gateways.has(point.gatewayId) : this.stations.has(point.stationId);
  }

  /** Takes in a device's new status; true when its comms changed. */
  observe(status: DeviceStatus): boolean {
    const commsChanged = this.status.get(status.deviceId)?.comms !== status.comms;
    this.status.set(status.deviceId, status);
    if (status.comms === 'online') {
      this.faults.set(status.deviceId, status.faults);
      this.lastSeenState.set(status.deviceId, status.state);
    }
    return commsChanged;
  }

  /** The fault codes a device last reported with comms up; undefined until it has answered once. */
  knownFaults(deviceId: string): readonly string[] | undefined {
    return this.faults.get(deviceId);
  }

  setOutOfService(reasons: ReadonlyMap<string, string>): void {
    this.outOfService = new Map(reasons);
  }

  /** Whether the point's device (or every device behind its station or gateway) is out of service, and why. */
  serviceReason(point: PointKey): string | null {
    if (point.deviceId) return this.outOfService.get(point.deviceId) ?? null;
    const behind = [...this.devices.values()].filter((d) =>
      point.gatewayId ? d.endpoint === point.gatewayId : d.stationId === point.stationId,
    );
    if (behind.length === 0 || !behind.every((d) => this.outOfService.has(d.id))) return null;
    return this.outOfService.get(behind[0]?.id ?? '') ?? null;
  }

  triage(point: Pick<PointKey, 'deviceId' | 'stationId' | 'cause'>): TierAssignment {
    const { deviceId, cause } = point;
    const device = deviceId ? this.devices.get(deviceId) : undefined;
    const charging = deviceId ? this.lastSeenState.get(deviceId) === 'charging' : false;
    const table = this.tableOf(point.stationId);
    let known = this.triaged.get(table);
    if (!known) {
      known = new Map();
      this.triaged.set(table, known);
    }
    const key = `${cause}\u0000${device?.kind ?? ''}\u0000${charging}`;
    let triaged = known.get(key);
    if (!triaged) {
      triaged = triage(cause, { ...(device ? { kind: device.kind } : {}), charging }, table);
      known.set(key, triaged);
    }
    return assignTier(triaged);
  }

  private tableOf(stationId: string): TriageTable {
    const station = this.stations.get(stationId);
    if (!station || this.overrides.length === 0) return this.table;
    let table = this.tables.get(stationId);
    if (!table) {
      table = tableFor(station, this.overrides, this.table);
      this.tables.set(stationId, table);
    }
    return table;
  }

  /** The station and gateway alarms whose condition is active now. */
  parentConditions(): PointKey[] {
    const links = this.deviceLinks();
    const lost = lostParents(links, this.lostDevices());
    return [
      ...[...lost.stations].map((id) => ({
        id: `${id}:comms.station`,
        deviceId: null,
        gatewayId: null,
        stationId: id,
        cause: 'comms.station',
        source: 'status' as const,
      })),
      ...[...lost.gateways].map((id) => ({
        id: `${id}:comms.gateway`,
        deviceId: null,
        gatewayId: id,
        stationId: links.find((l) => l.gatewayId === id)?.stationId ?? '',
        cause: 'comms.gateway',
        source: 'status' as const,
      })),
    ];
  }

  /** The suppress and unsuppress steps that bring the comms alarms of `points` in line with the design. */
  suppressionChanges(points: AlarmPoints): { point: AlarmPoint; event: AlarmEvent }[] {
    const links = this.deviceLinks();
    const comms: CommsAlarm[] = [...points.values()].flatMap((p): CommsAlarm[] => {
      if (p.cause === 'comms.device' && p.deviceId) {
        return [{ alarmId: p.id, cause: 'comms.device', deviceId: p.deviceId }];
      }
      if (p.cause === 'comms.gateway' && p.gatewayId) {
        return [{ alarmId: p.id, cause: 'comms.gateway', gatewayId: p.gatewayId }];
      }
      if (p.cause === 'comms.station')
        return [{ alarmId: p.id, cause: 'comms.station', stationId: p.stationId }];
      return [];
    });
    const wanted = designSuppression(comms, links, lostParents(links, this.lostDevices()));
    const records = comms.flatMap((c) => {
      const point = points.find(c.alarmId);
      return point ? [{ alarmId: c.alarmId, alarm: point.machine }] : [];
    });
    return suppressionEvents(records, wanted).flatMap(({ alarmId, event }) => {
      const point = points.find(alarmId);
      return point ? [{ point, event }] : [];
    });
  }

  private deviceLinks(): DeviceLink[] {
    return [...this.devices.values()].map((d) => ({
      deviceId: d.id,
      stationId: d.stationId,
      gatewayId: d.endpoint,
    }));
  }

  private lostDevices(): Set<string> {
    return new Set([...this.status.values()].filter((s) => s.comms === 'comm-lost').map((s) => s.deviceId));
  }
}
