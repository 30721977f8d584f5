import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import type { AlarmPoints } from './points';
import { SYSTEM_ACTOR } from './recorded';
import type { AlarmSteps } from './steps';
import type { AlarmTopology } from './topology';
import type { AlarmTurn } from './turn';

export type ConditionParts = {
  points: AlarmPoints;
  topology: AlarmTopology;
  steps: AlarmSteps;
  turn: AlarmTurn;
};

/** An analog limit that changed state (electron/alarms/limits.ts). */
export type LimitChange = { deviceId: string; cause: string; active: boolean };

/**
 * What the plant says: the configuration, device status and analog limits,
 * and the outages that take devices out of service, turned into the
 * conditions of the alarm points, with station and gateway alarms and
 * design suppression following comms.
 */
export class PlantConditions {
  constructor(private readonly parts: ConditionParts) {}

  /** Alarms of devices (or stations) no longer configured are closed and journalled, not left dangling. */
  setTopology(stations: readonly Station[], devices: readonly Device[]): void {
    const { points, topology, steps, turn } = this.parts;
    topology.set(stations, devices);
    const gone = [...points.values()].filter((p) => !topology.configures(p));
    for (const point of gone) steps.close(point, 'device or station removed from the configuration');
    turn.flush();
  }

  onStatus(changes: readonly DeviceStatus[]): void {
    if (changes.length === 0) return;
    const { points, topology, steps, turn } = this.parts;
    const wanted = new Map<string, Set<string>>();
    // Station and gateway alarms and design suppression follow comms alone: a storm of fault
    // codes from devices that stay online leaves them as they are.
    let commsChanged = false;
    for (const status of changes) {
      if (topology.observe(status)) commsChanged = true;
      const causes = new Set(topology.knownFaults(status.deviceId) ?? this.heldFaults(status.deviceId));
      // While it reconnects after a restart, a device lost before keeps its comms alarm.
      const stillLost =
        status.comms === 'connecting' &&
        points.find(`${status.deviceId}:comms.device`)?.machine.conditionActive;
      if (status.comms === 'comm-lost' || stillLost) causes.add('comms.device');
      wanted.set(status.deviceId, causes);
    }

    // Clears and suppression go before new activations, so a charger lost together with its
    // station lands suppressed without annunciating, and one back together with it never resumes.
    for (const [deviceId, causes] of wanted) {
      for (const point of points.ofDevice(deviceId)) {
        if (point.source === 'status' && point.machine.conditionActive && !causes.has(point.cause)) {
          steps.clear(point);
        }
      }
    }
    for (const [deviceId, causes] of wanted) {
      for (const cause of causes) steps.ensureDevicePoint(deviceId, cause, 'status');
    }
    const parents = commsChanged ? topology.parentConditions() : [];
    for (const parent of parents) steps.ensure(parent);
    const suppression = commsChanged ? topology.suppressionChanges(points) : [];
    for (const { point, event } of suppression) {
      if (event.type === 'suppress') steps.apply(point, event, SYSTEM_ACTOR, null);
    }
    for (const [deviceId, causes] of wanted) {
      for (const cause of causes) steps.activate(`${deviceId}:${cause}`);
    }
    if (commsChanged) {
      const activeParents = new Set(parents.map((p) => p.id));
      for (const id of activeParents) steps.activate(id);
      for (const { point, event } of suppression) {
        if (event.type === 'unsuppress') steps.apply(point, event, SYSTEM_ACTOR, null);
      }
      for (const point of points.values()) {
        if (point.deviceId === null && point.machine.conditionActive && !activeParents.has(point.id)) {
          steps.clear(point);
        }
      }
    }
    turn.flush();
  }

  onLimits(changes: readonly LimitChange[]): void {
    const { points, topology, steps, turn } = this.parts;
    for (const { deviceId, cause, active } of changes) {
      if (!topology.hasDevice(deviceId)) continue;
      if (active) {
        steps.ensureDevicePoint(deviceId, cause, 'limit');
        steps.activate(`${deviceId}:${cause}`);
      } else {
        const point = points.find(`${deviceId}:${cause}`);
        if (point?.machine.conditionActive) steps.clear(point);
      }
    }
    turn.flush();
  }

  activeLimits(): { deviceId: string; cause: string }[] {
    return [...this.parts.points.values()].flatMap((p) =>
      p.source === 'limit' && p.deviceId && p.machine.conditionActive
        ? [{ deviceId: p.deviceId, cause: p.cause }]
        : [],
    );
  }

  setOutOfService(reasons: ReadonlyMap<string, string>): void {
    const { points, topology, steps, turn } = this.parts;
    topology.setOutOfService(reasons);
    for (const point of points.values()) steps.followService(point);
    turn.flush();
  }

  /**
   * Until a device has answered once since the desk started, its fault
   * codes are those its restored alarms say: a restart must not clear them.
   */
  private heldFaults(deviceId: string): string[] {
    return [...this.parts.points.ofDevice(deviceId)].flatMap((p) =>
      p.source === 'status' && p.cause !== 'comms.device' && p.machine.conditionActive ? [p.cause] : [],
    );
  }
}
