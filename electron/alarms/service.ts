import {
  type ChatterPolicy,
  DEFAULT_CHATTER_POLICY,
  DEFAULT_FLOOD_POLICY,
  type FloodPolicy,
  floodSince,
  isChattering,
  isFlooded,
  slide,
} from '../../shared/alarm/chatter';
import {
  type AlarmEvent,
  type AlarmRecordState,
  DEFAULT_SHELVING_POLICY,
  type Effect,
  initialAlarm,
  type ShelvingPolicy,
  transition,
} from '../../shared/alarm/state';
import {
  type CommsAlarm,
  type DeviceLink,
  designSuppression,
  lostParents,
  suppressionEvents,
} from '../../shared/alarm/suppression';
import type { AlarmsDelta, AlarmView, FloodView } from '../../shared/api/contract';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import type { Actor, JsonValue } from '../../shared/journal/event';
import { clocks, DEFAULT_SLA_SETTINGS, presetFor, type SlaSettings } from '../../shared/triage/sla';
import {
  assignTier,
  DEFAULT_TRIAGE_TABLE,
  retier,
  type Tier,
  type TierAssignment,
  type TriageTable,
  triage,
} from '../../shared/triage/tiers';

/** What the alarm service needs of the journal: one durable record per state change or operator action. */
export type AlarmJournal = {
  record(entry: {
    type: string;
    subject: string;
    data: JsonValue;
    reason: string | null;
    actor: Actor;
  }): void;
};

/** State changes the plant or the design logic caused, not a person. */
export const SYSTEM_ACTOR: Actor = { user: 'dutydesk', role: 'system' };

export type AlarmServiceOptions = {
  journal: AlarmJournal;
  onDelta: (delta: AlarmsDelta) => void;
  now?: () => number;
  triageTable?: TriageTable;
  sla?: SlaSettings;
  shelving?: ShelvingPolicy;
  chatter?: ChatterPolicy;
  flood?: FloodPolicy;
};

type AlarmPoint = {
  id: string;
  deviceId: string | null;
  /** Only for a gateway comms alarm: the endpoint (host:port) it stands for. */
  gatewayId: string | null;
  stationId: string;
  cause: string;
  machine: AlarmRecordState;
  assignment: TierAssignment;
  raisedAt: number;
  ackedAt: number | null;
  ackedBy: string | null;
  activations: number[];
  shelfTimer: NodeJS.Timeout | null;
};

type PointKey = Pick<AlarmPoint, 'id' | 'deviceId' | 'gatewayId' | 'stationId' | 'cause'>;

/** Refused by the state machine or the triage rules; the text is the operator's explanation. */
export class AlarmRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlarmRefusal';
  }
}

const JOURNAL_TYPE: Readonly<Record<AlarmEvent['type'], string>> = {
  activate: 'alarm.raised',
  clear: 'alarm.cleared',
  ack: 'alarm.acked',
  shelve: 'alarm.shelved',
  unshelve: 'alarm.unshelved',
  'shelf-expired': 'alarm.shelf-expired',
  suppress: 'alarm.suppressed',
  unsuppress: 'alarm.unsuppressed',
  'remove-from-service': 'alarm.removed-from-service',
  'return-to-service': 'alarm.returned-to-service',
};

/**
 * The desk's alarm queue: turns device status into ISA-18.2 alarm points,
 * one per device and cause, runs every change through the pure state
 * machine and journals it, and hides device comms alarms under one station
 * (or gateway) alarm when everything behind it is lost.
 */
export class AlarmService {
  private readonly points = new Map<string, AlarmPoint>();
  private readonly pointsOfDevice = new Map<string, Set<AlarmPoint>>();
  private readonly status = new Map<string, DeviceStatus>();
  /** Fault codes are unknown while a device is unreachable: its alarms keep their last condition. */
  private readonly faults = new Map<string, readonly string[]>();
  /** The last state seen with comms up, so a comms loss knows whether a session was running. */
  private readonly lastSeenState = new Map<string, DeviceStatus['state']>();
  private stations = new Map<string, Station>();
  private devices = new Map<string, Device>();
  private annunciations: number[] = [];
  private flooding = false;
  /** Wakes up when the flood window next drops an alarm, so the end of a flood is announced too. */
  private floodTimer: NodeJS.Timeout | null = null;
  private changed = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: AlarmServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  setTopology(stations: readonly Station[], devices: readonly Device[]): void {
    this.stations = new Map(stations.map((s) => [s.id, s]));
    this.devices = new Map(devices.map((d) => [d.id, d]));
  }

  /** Feed of changed device status, as the telemetry store flushes it. */
  onStatus(changes: readonly DeviceStatus[]): void {
    if (changes.length === 0) return;
    const wanted = new Map<string, Set<string>>();
    for (const status of changes) {
      this.status.set(status.deviceId, status);
      if (status.comms === 'online') {
        this.faults.set(status.deviceId, status.faults);
        this.lastSeenState.set(status.deviceId, status.state);
      }
      const causes = new Set(this.faults.get(status.deviceId) ?? []);
      if (status.comms === 'comm-lost') causes.add('comms.device');
      wanted.set(status.deviceId, causes);
    }

    // Clears and suppression go before new activations, so a charger lost together with its
    // station lands suppressed without annunciating, and one back together with it never resumes.
    for (const [deviceId, causes] of wanted) {
      for (const point of this.pointsOfDevice.get(deviceId) ?? []) {
        if (point.machine.conditionActive && !causes.has(point.cause)) {
          this.apply(point, { type: 'clear' }, SYSTEM_ACTOR, null);
        }
      }
    }
    for (const [deviceId, causes] of wanted) {
      for (const cause of causes) {
        const stationId = this.stationOf(deviceId);
        this.ensure({ id: `${deviceId}:${cause}`, deviceId, gatewayId: null, stationId, cause });
      }
    }
    const parents = this.parentConditions();
    for (const parent of parents) this.ensure(parent);
    const suppression = this.suppressionChanges();
    for (const { point, event } of suppression) {
      if (event.type === 'suppress') this.apply(point, event, SYSTEM_ACTOR, null);
    }
    for (const [deviceId, causes] of wanted) {
      for (const cause of causes) this.activate(`${deviceId}:${cause}`);
    }
    const activeParents = new Set(parents.map((p) => p.id));
    for (const id of activeParents) this.activate(id);
    for (const { point, event } of suppression) {
      if (event.type === 'unsuppress') this.apply(point, event, SYSTEM_ACTOR, null);
    }
    for (const point of this.points.values()) {
      if (point.deviceId === null && point.machine.conditionActive && !activeParents.has(point.id)) {
        this.apply(point, { type: 'clear' }, SYSTEM_ACTOR, null);
      }
    }
    this.flush();
  }

  list(): AlarmsDelta {
    const nowMs = this.now();
    return { alarms: [...this.points.values()].map((p) => this.view(p, nowMs)), flood: this.flood(nowMs) };
  }

  ack(id: string, actor: Actor): AlarmView {
    const point = this.get(id);
    this.operate(point, { type: 'ack' }, actor, null);
    return this.view(point, this.now());
  }

  shelve(id: string, reason: string, untilMs: number, actor: Actor): AlarmView {
    const point = this.get(id);
    this.operate(point, { type: 'shelve', reason, untilMs }, actor, reason.trim());
    return this.view(point, this.now());
  }

  unshelve(id: string, reason: string | null, actor: Actor): AlarmView {
    const point = this.get(id);
    this.operate(point, { type: 'unshelve' }, actor, reason);
    return this.view(point, this.now());
  }

  retier(id: string, tier: Tier, reason: string, actor: Actor): AlarmView {
    const point = this.get(id);
    const atMs = this.now();
    const result = retier(point.assignment, tier, reason, atMs);
    if ('refused' in result) throw new AlarmRefusal(result.refused);
    const from = point.assignment.tier;
    point.assignment = result.next;
    this.options.journal.record({
      type: 'alarm.retiered',
      subject: point.id,
      data: { from, to: tier, cause: point.cause, stationId: point.stationId },
      reason: reason.trim(),
      actor,
    });
    this.changed.add(point.id);
    this.flush();
    return this.view(point, atMs);
  }

  stop(): void {
    if (this.floodTimer) clearTimeout(this.floodTimer);
    this.floodTimer = null;
    for (const point of this.points.values()) {
      if (point.shelfTimer) clearTimeout(point.shelfTimer);
      point.shelfTimer = null;
    }
  }

  private get(id: string): AlarmPoint {
    const point = this.points.get(id);
    if (!point) throw new AlarmRefusal(`no alarm "${id}"`);
    return point;
  }

  private stationOf(deviceId: string): string {
    return this.devices.get(deviceId)?.stationId ?? '';
  }

  private links(): DeviceLink[] {
    return [...this.devices.values()].map((d) => ({
      deviceId: d.id,
      stationId: d.stationId,
      gatewayId: d.endpoint,
    }));
  }

  private lostDevices(): Set<string> {
    return new Set([...this.status.values()].filter((s) => s.comms === 'comm-lost').map((s) => s.deviceId));
  }

  /** The station and gateway alarms whose condition is active now. */
  private parentConditions(): PointKey[] {
    const links = this.links();
    const lost = lostParents(links, this.lostDevices());
    return [
      ...[...lost.stations].map((id) => ({
        id: `${id}:comms.station`,
        deviceId: null,
        gatewayId: null,
        stationId: id,
        cause: 'comms.station',
      })),
      ...[...lost.gateways].map((id) => ({
        id: `${id}:comms.gateway`,
        deviceId: null,
        gatewayId: id,
        stationId: links.find((l) => l.gatewayId === id)?.stationId ?? '',
        cause: 'comms.gateway',
      })),
    ];
  }

  private suppressionChanges(): { point: AlarmPoint; event: AlarmEvent }[] {
    const links = this.links();
    const comms: CommsAlarm[] = [...this.points.values()].flatMap((p): CommsAlarm[] => {
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
      const point = this.points.get(c.alarmId);
      return point ? [{ alarmId: c.alarmId, alarm: point.machine }] : [];
    });
    return suppressionEvents(records, wanted).flatMap(({ alarmId, event }) => {
      const point = this.points.get(alarmId);
      return point ? [{ point, event }] : [];
    });
  }

  private ensure(key: PointKey): void {
    if (this.points.has(key.id)) return;
    const nowMs = this.now();
    const point: AlarmPoint = {
      ...key,
      machine: initialAlarm(nowMs),
      assignment: this.triage(key.deviceId, key.cause),
      raisedAt: nowMs,
      ackedAt: null,
      ackedBy: null,
      activations: [],
      shelfTimer: null,
    };
    this.points.set(key.id, point);
    if (key.deviceId) {
      const own = this.pointsOfDevice.get(key.deviceId) ?? new Set();
      this.pointsOfDevice.set(key.deviceId, own.add(point));
    }
  }

  private triage(deviceId: string | null, cause: string): TierAssignment {
    const device = deviceId ? this.devices.get(deviceId) : undefined;
    const charging = deviceId ? this.lastSeenState.get(deviceId) === 'charging' : false;
    return assignTier(
      triage(
        cause,
        { ...(device ? { kind: device.kind } : {}), charging },
        this.options.triageTable ?? DEFAULT_TRIAGE_TABLE,
      ),
    );
  }

  private activate(id: string): void {
    const point = this.points.get(id);
    if (!point || point.machine.conditionActive) return;
    const nowMs = this.now();
    // Back from normal is a new incident: new triage, new clocks, nobody has acknowledged it yet.
    if (point.machine.state === 'normal') {
      point.assignment = this.triage(point.deviceId, point.cause);
      point.raisedAt = nowMs;
      point.ackedAt = null;
      point.ackedBy = null;
    }
    point.activations = slide(
      point.activations,
      nowMs,
      (this.options.chatter ?? DEFAULT_CHATTER_POLICY).windowMs,
    );
    this.apply(point, { type: 'activate' }, SYSTEM_ACTOR, null);
  }

  private operate(point: AlarmPoint, event: AlarmEvent, actor: Actor, reason: string | null): void {
    this.apply(point, event, actor, reason);
    this.flush();
  }

  /** One step of the state machine: journal first, then the record, then what the effects ask for. */
  private apply(point: AlarmPoint, event: AlarmEvent, actor: Actor, reason: string | null): void {
    const nowMs = this.now();
    const result = transition(point.machine, event, nowMs, this.options.shelving ?? DEFAULT_SHELVING_POLICY);
    if ('refused' in result) throw new AlarmRefusal(result.refused);
    this.options.journal.record({
      type: JOURNAL_TYPE[event.type],
      subject: point.id,
      data: {
        from: point.machine.state,
        to: result.next.state,
        cause: point.cause,
        deviceId: point.deviceId,
        stationId: point.stationId,
        tier: point.assignment.tier,
        priority: point.assignment.priority,
        ...(event.type === 'shelve' ? { untilMs: event.untilMs } : {}),
        ...(event.type === 'suppress' ? { parent: event.parent } : {}),
      },
      reason,
      actor,
    });
    if (event.type === 'ack') {
      point.ackedAt = nowMs;
      point.ackedBy = actor.user;
    }
    point.machine = result.next;
    for (const effect of result.effects) this.effect(point, effect, nowMs);
    this.changed.add(point.id);
  }

  private effect(point: AlarmPoint, effect: Effect, nowMs: number): void {
    switch (effect.kind) {
      case 'annunciate':
        this.annunciations = slide(
          this.annunciations,
          nowMs,
          (this.options.flood ?? DEFAULT_FLOOD_POLICY).windowMs,
        );
        return;
      case 'silence':
        return;
      case 'cancel-unshelve':
        if (point.shelfTimer) clearTimeout(point.shelfTimer);
        point.shelfTimer = null;
        return;
      case 'schedule-unshelve':
        this.armShelf(point, effect.atMs, nowMs);
    }
  }

  private armShelf(point: AlarmPoint, atMs: number, nowMs: number): void {
    if (point.shelfTimer) clearTimeout(point.shelfTimer);
    point.shelfTimer = setTimeout(
      () => {
        point.shelfTimer = null;
        // Timers run on a monotonic clock and may fire a little before the wall clock says the shelf ends.
        const firedAt = this.now();
        if (firedAt < atMs) this.armShelf(point, atMs, firedAt);
        else this.operate(point, { type: 'shelf-expired' }, SYSTEM_ACTOR, 'shelf expired');
      },
      Math.max(0, atMs - nowMs),
    );
  }

  private flood(nowMs: number): FloodView {
    const policy = this.options.flood ?? DEFAULT_FLOOD_POLICY;
    return {
      flooding: isFlooded(this.annunciations, nowMs, policy),
      since: floodSince(this.annunciations, nowMs, policy),
    };
  }

  private view(point: AlarmPoint, nowMs: number): AlarmView {
    const station = this.stations.get(point.stationId);
    const { tier, defectClass, priority, ruleId, changes } = point.assignment;
    return {
      id: point.id,
      deviceId: point.deviceId,
      stationId: point.stationId,
      cause: point.cause,
      state: point.machine.state,
      conditionActive: point.machine.conditionActive,
      priority,
      tier,
      defectClass,
      ruleId,
      tierChanges: changes,
      raisedAt: point.raisedAt,
      ackedAt: point.ackedAt,
      ackedBy: point.ackedBy,
      shelf: point.machine.shelf,
      suppressedBy: point.machine.suppressedBy,
      chattering: isChattering(point.activations, nowMs, this.options.chatter ?? DEFAULT_CHATTER_POLICY),
      clocks: station
        ? clocks(
            presetFor(station, this.options.sla ?? DEFAULT_SLA_SETTINGS),
            tier,
            station,
            [{ event: 'raised', at: point.raisedAt }],
            nowMs,
          )
        : [],
    };
  }

  private flush(): void {
    const nowMs = this.now();
    const flood = this.flood(nowMs);
    if (this.changed.size > 0 || flood.flooding !== this.flooding) {
      const alarms = [...this.changed].flatMap((id) => {
        const point = this.points.get(id);
        return point ? [this.view(point, nowMs)] : [];
      });
      this.changed = new Set();
      this.flooding = flood.flooding;
      this.options.onDelta({ alarms, flood });
    }
    this.watchFlood(nowMs);
  }

  private watchFlood(nowMs: number): void {
    if (this.floodTimer) clearTimeout(this.floodTimer);
    this.floodTimer = null;
    if (!this.flooding) return;
    const { windowMs } = this.options.flood ?? DEFAULT_FLOOD_POLICY;
    const leaves = this.annunciations.map((t) => t + windowMs).find((t) => t > nowMs);
    if (leaves === undefined) return;
    this.floodTimer = setTimeout(() => {
      this.floodTimer = null;
      this.flush();
    }, leaves - nowMs);
  }
}
