import { type AlarmRecordState, initialAlarm } from '../../shared/alarm/state';
import type { TierAssignment } from '../../shared/triage/tiers';
import { AlarmRefusal } from './refusal';

/** Where an alarm's condition comes from: device status (fault words, enums, comms) or an analog limit. */
export type Source = 'status' | 'limit';

/** One alarm of the queue: a device (or station, or gateway) and a cause, with its current incident. */
export type AlarmPoint = {
  id: string;
  deviceId: string | null;
  /** Only for a gateway comms alarm: the endpoint (host:port) it stands for. */
  gatewayId: string | null;
  stationId: string;
  cause: string;
  source: Source;
  machine: AlarmRecordState;
  assignment: TierAssignment;
  raisedAt: number;
  /** When the condition of this incident returned to normal: the plant's own "fixed". */
  clearedAt: number | null;
  ackedAt: number | null;
  ackedBy: string | null;
  activations: number[];
  /** How many times it has been raised since the desk started (or since the journal began, after a restart). */
  incidents: number;
  shelfTimer: (() => void) | null;
};

/** What names an alarm point and where its condition comes from. */
export type PointKey = Pick<AlarmPoint, 'id' | 'deviceId' | 'gatewayId' | 'stationId' | 'cause' | 'source'>;

/**
 * A point in the normal state, before its first incident. Field by field,
 * not spread from the key: a spread object took a slower shape that every
 * later read of a point paid for, several times over in an alarm storm.
 */
export function newPoint(key: PointKey, assignment: TierAssignment, atMs: number): AlarmPoint {
  return {
    id: key.id,
    deviceId: key.deviceId,
    gatewayId: key.gatewayId,
    stationId: key.stationId,
    cause: key.cause,
    source: key.source,
    machine: initialAlarm(atMs),
    assignment,
    raisedAt: atMs,
    clearedAt: null,
    ackedAt: null,
    ackedBy: null,
    activations: [],
    incidents: 0,
    shelfTimer: null,
  };
}

/** The alarm points of the queue, by id and by device, and in page order. */
export class AlarmPoints {
  private readonly byId = new Map<string, AlarmPoint>();
  private readonly byDevice = new Map<string, Set<AlarmPoint>>();
  /** Alarm ids in page order, until a point comes or goes. */
  private ordered: string[] | null = null;

  has(id: string): boolean {
    return this.byId.has(id);
  }

  find(id: string): AlarmPoint | undefined {
    return this.byId.get(id);
  }

  get(id: string): AlarmPoint {
    const point = this.byId.get(id);
    if (!point) throw new AlarmRefusal(`no alarm "${id}"`);
    return point;
  }

  values(): IterableIterator<AlarmPoint> {
    return this.byId.values();
  }

  ids(): IterableIterator<string> {
    return this.byId.keys();
  }

  ofDevice(deviceId: string): Iterable<AlarmPoint> {
    return this.byDevice.get(deviceId) ?? [];
  }

  add(point: AlarmPoint): void {
    this.byId.set(point.id, point);
    this.ordered = null;
    if (point.deviceId) {
      const own = this.byDevice.get(point.deviceId) ?? new Set();
      this.byDevice.set(point.deviceId, own.add(point));
    }
  }

  /** Drops the point and returns it (undefined when there was none). */
  delete(id: string): AlarmPoint | undefined {
    const point = this.byId.get(id);
    if (!point) return undefined;
    this.byId.delete(id);
    this.ordered = null;
    if (point.deviceId) this.byDevice.get(point.deviceId)?.delete(point);
    return point;
  }

  /** Up to `limit` ids in id order after `after` (null: from the start); `next` is where the following page starts. */
  page(after: string | null, limit: number): { ids: string[]; next: string | null } {
    this.ordered ??= [...this.byId.keys()].sort();
    const ids = this.ordered;
    const from = after === null ? 0 : firstIdAfter(ids, after);
    const part = ids.slice(from, from + limit);
    return { ids: part, next: from + limit < ids.length ? (part.at(-1) ?? null) : null };
  }
}

/** Index of the first id after `after` in sorted `ids` (their length when there is none). */
function firstIdAfter(ids: readonly string[], after: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] ?? '') <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
