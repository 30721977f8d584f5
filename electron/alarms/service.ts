import {
  type ChatterPolicy,
  countInSortedWindow,
  DEFAULT_CHATTER_POLICY,
  DEFAULT_FLOOD_POLICY,
  type FloodPolicy,
  firstAfter,
  floodSince,
  isChattering,
  slide,
} from '../../shared/alarm/chatter';
import {
  type AlarmEvent,
  type AlarmRecordState,
  DEFAULT_SHELVING_POLICY,
  type Effect,
  initialAlarm,
  type ShelvingPolicy,
  type TransitionResult,
  transition,
} from '../../shared/alarm/state';
import {
  type CommsAlarm,
  type DeviceLink,
  designSuppression,
  lostParents,
  suppressionEvents,
} from '../../shared/alarm/suppression';
import {
  ALARMS_PER_FRAME,
  type AlarmsDelta,
  type AlarmsPage,
  type AlarmView,
  type FloodView,
  type SlaBreach,
} from '../../shared/api/contract';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import type { Actor, JsonValue } from '../../shared/journal/event';
import {
  type ClockView,
  clocks,
  DEFAULT_SLA_SETTINGS,
  presetFor,
  type SlaSettings,
  type TimelineEntry,
} from '../../shared/triage/sla';
import {
  assignTier,
  DEFAULT_TRIAGE_TABLE,
  retier,
  type Tier,
  type TierAssignment,
  type Triage,
  type TriageTable,
  triage,
} from '../../shared/triage/tiers';
import { Alarmclock, type DeskClock, systemClock } from './clock';
import { DeadlineWatch } from './deadlines';
import { asRecord, type RecordedEvent } from './recorded';

/** One alarm state change or operator action, as the journal records it: who, when, what, why. */
export type AlarmJournalEntry = {
  type: string;
  subject: string;
  data: JsonValue;
  reason: string | null;
  actor: Actor;
  ts: number;
};

/**
 * What the alarm service needs of the journal: the entries of one turn
 * written in one transaction (one fsync), all or none, durable on return.
 */
export type AlarmJournal = {
  appendMany(entries: readonly AlarmJournalEntry[]): unknown;
};

/** State changes the plant or the design logic caused, not a person. */
export const SYSTEM_ACTOR: Actor = { user: 'dutydesk', role: 'system' };

/** What the work orders add to one incident of an alarm (one raise, until it returns to normal). */
export type IncidentLinks = {
  of(alarmId: string, raisedAt: number): { workOrderIds: string[]; timeline: TimelineEntry[] };
};

const NO_LINKS: IncidentLinks = { of: () => ({ workOrderIds: [], timeline: [] }) };

export type AlarmServiceOptions = {
  journal: AlarmJournal;
  onDelta: (delta: AlarmsDelta) => void;
  clock?: DeskClock;
  triageTable?: TriageTable;
  sla?: SlaSettings;
  shelving?: ShelvingPolicy;
  chatter?: ChatterPolicy;
  flood?: FloodPolicy;
};

/** Where an alarm's condition comes from: device status (fault words, enums, comms) or an analog limit. */
type Source = 'status' | 'limit';

type AlarmPoint = {
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

type PointKey = Pick<AlarmPoint, 'id' | 'deviceId' | 'gatewayId' | 'stationId' | 'cause' | 'source'>;

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

/** Clocks of hidden-by-design or out-of-service alarms do not escalate: their parent or the outage carries it. */
const ESCALATES = (state: AlarmRecordState['state']) =>
  state !== 'suppressed-by-design' && state !== 'out-of-service';

/**
 * The desk's alarm queue: turns device status and analog limits into
 * ISA-18.2 alarm points, one per device and cause, runs every change through
 * the pure state machine and journals it, hides device comms alarms under
 * one station (or gateway) alarm when everything behind it is lost, takes
 * devices under an approved outage out of service, and escalates SLA
 * deadlines once each as they pass.
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
  /** Device → why it is out of service (an approved outage or decommission). */
  private outOfService = new Map<string, string>();
  private readonly annunciations: number[] = [];
  private flooding = false;
  private floodStart: number | null = null;
  /** Wakes up when the flood window next drops an alarm, so the end of a flood is announced too. */
  private readonly floodTimer: Alarmclock;
  private readonly deadlines: DeadlineWatch;
  private breaches: SlaBreach[] = [];
  private removed = new Set<string>();
  private changed = new Set<string>();
  /** Journal entries of the turn under way, committed together before anything of it is shown. */
  private pending: AlarmJournalEntry[] = [];
  /** How deep in batch() we are: the turn ends, and commits, when the outermost one returns. */
  private turns = 0;
  /** Triage depends on cause, device kind and charging alone; a storm raises the same few thousand times. */
  private readonly triaged = new Map<string, Triage>();
  /** Alarm ids in page order, until a point comes or goes. */
  private ordered: string[] | null = null;
  private links: IncidentLinks = NO_LINKS;
  private sla: SlaSettings;
  private readonly clock: DeskClock;

  constructor(private readonly options: AlarmServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.sla = options.sla ?? DEFAULT_SLA_SETTINGS;
    this.floodTimer = new Alarmclock(this.clock, () => this.flush());
    this.deadlines = new DeadlineWatch(this.clock, (ids) => {
      for (const id of ids) this.changed.add(id);
      this.flush();
    });
  }

  /**
   * Runs `work` as one turn of the engine: every state change it causes is
   * journalled in one transaction, and announced in one delta once that has
   * committed. The telemetry of one poll flush (status and limits) is one turn.
   */
  batch<T>(work: () => T): T {
    this.turns += 1;
    try {
      return work();
    } finally {
      this.turns -= 1;
      if (this.turns === 0) this.flush();
    }
  }

  /** The work orders whose steps feed the clocks; set once both services exist. */
  linkIncidents(links: IncidentLinks): void {
    this.links = links;
  }

  setSla(settings: SlaSettings): void {
    this.sla = settings;
    for (const id of this.points.keys()) this.changed.add(id);
    this.flush();
  }

  /**
   * The configured stations and devices. Alarms of devices (or stations)
   * no longer configured are closed and journalled, not left dangling.
   */
  setTopology(stations: readonly Station[], devices: readonly Device[]): void {
    this.stations = new Map(stations.map((s) => [s.id, s]));
    this.devices = new Map(devices.map((d) => [d.id, d]));
    const gateways = new Set(devices.map((d) => d.endpoint));
    const gone = [...this.points.values()].filter((p) =>
      p.deviceId
        ? !this.devices.has(p.deviceId)
        : p.gatewayId
          ? !gateways.has(p.gatewayId)
          : !this.stations.has(p.stationId),
    );
    for (const point of gone) this.close(point, 'device or station removed from the configuration');
    for (const deviceId of [...this.status.keys()]) {
      if (!this.devices.has(deviceId)) {
        this.status.delete(deviceId);
        this.faults.delete(deviceId);
        this.lastSeenState.delete(deviceId);
      }
    }
    this.flush();
  }

  /** Feed of changed device status, as the telemetry store flushes it. */
  onStatus(changes: readonly DeviceStatus[]): void {
    if (changes.length === 0) return;
    const wanted = new Map<string, Set<string>>();
    // Station and gateway alarms and design suppression follow comms alone: a storm of fault
    // codes from devices that stay online leaves them as they are.
    let commsChanged = false;
    for (const status of changes) {
      if (this.status.get(status.deviceId)?.comms !== status.comms) commsChanged = true;
      this.status.set(status.deviceId, status);
      if (status.comms === 'online') {
        this.faults.set(status.deviceId, status.faults);
        this.lastSeenState.set(status.deviceId, status.state);
      }
      const causes = new Set(this.faults.get(status.deviceId) ?? this.heldFaults(status.deviceId));
      // While it reconnects after a restart, a device lost before keeps its comms alarm.
      const stillLost =
        status.comms === 'connecting' &&
        this.points.get(`${status.deviceId}:comms.device`)?.machine.conditionActive;
      if (status.comms === 'comm-lost' || stillLost) causes.add('comms.device');
      wanted.set(status.deviceId, causes);
    }

    // Clears and suppression go before new activations, so a charger lost together with its
    // station lands suppressed without annunciating, and one back together with it never resumes.
    for (const [deviceId, causes] of wanted) {
      for (const point of this.pointsOfDevice.get(deviceId) ?? []) {
        if (point.source === 'status' && point.machine.conditionActive && !causes.has(point.cause)) {
          this.apply(point, { type: 'clear' }, SYSTEM_ACTOR, null);
        }
      }
    }
    for (const [deviceId, causes] of wanted) {
      for (const cause of causes) this.ensureDevicePoint(deviceId, cause, 'status');
    }
    const parents = commsChanged ? this.parentConditions() : [];
    for (const parent of parents) this.ensure(parent);
    const suppression = commsChanged ? this.suppressionChanges() : [];
    for (const { point, event } of suppression) {
      if (event.type === 'suppress') this.apply(point, event, SYSTEM_ACTOR, null);
    }
    for (const [deviceId, causes] of wanted) {
      for (const cause of causes) this.activate(`${deviceId}:${cause}`);
    }
    if (commsChanged) {
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
    }
    this.flush();
  }

  /**
   * Until a device has answered once since the desk started, its fault
   * codes are those its restored alarms say: a restart must not clear them.
   */
  private heldFaults(deviceId: string): string[] {
    return [...(this.pointsOfDevice.get(deviceId) ?? [])].flatMap((p) =>
      p.source === 'status' && p.cause !== 'comms.device' && p.machine.conditionActive ? [p.cause] : [],
    );
  }

  /** Analog limits that changed state (electron/alarms/limits.ts). */
  onLimits(changes: readonly { deviceId: string; cause: string; active: boolean }[]): void {
    for (const { deviceId, cause, active } of changes) {
      if (!this.devices.has(deviceId)) continue;
      if (active) {
        this.ensureDevicePoint(deviceId, cause, 'limit');
        this.activate(`${deviceId}:${cause}`);
      } else {
        const point = this.points.get(`${deviceId}:${cause}`);
        if (point?.machine.conditionActive) this.apply(point, { type: 'clear' }, SYSTEM_ACTOR, null);
      }
    }
    this.flush();
  }

  /** Limit alarms whose condition is active, so a restarted limit monitor starts where it left off. */
  activeLimits(): { deviceId: string; cause: string }[] {
    return [...this.points.values()].flatMap((p) =>
      p.source === 'limit' && p.deviceId && p.machine.conditionActive
        ? [{ deviceId: p.deviceId, cause: p.cause }]
        : [],
    );
  }

  /**
   * Devices under an approved outage or decommission, each with the
   * reason shown on its alarms. Alarms of those devices go out of service;
   * a station or gateway alarm goes too when every device behind it is out.
   */
  setOutOfService(reasons: ReadonlyMap<string, string>): void {
    this.outOfService = new Map(reasons);
    for (const point of this.points.values()) this.followService(point);
    this.flush();
  }

  /** The whole queue; what a turn could not commit is written first, so the list shows only what is durable. */
  list(): AlarmsDelta {
    this.commit();
    const nowMs = this.clock.now();
    return {
      alarms: [...this.points.values()].map((p) => this.view(p, nowMs)),
      flood: this.flood(nowMs),
      breaches: [],
      removed: [],
    };
  }

  /**
   * Up to `limit` alarms in id order after `after` (null: from the start).
   * The page loads the queue this way because a storm's queue does not fit
   * in one frame; `next` is where the following page starts.
   */
  page(after: string | null, limit: number): AlarmsPage {
    this.commit();
    const nowMs = this.clock.now();
    this.ordered ??= [...this.points.keys()].sort();
    const ids = this.ordered;
    const from = after === null ? 0 : firstIdAfter(ids, after);
    const part = ids.slice(from, from + limit);
    return {
      alarms: part.map((id) => this.view(this.get(id), nowMs)),
      flood: this.flood(nowMs),
      breaches: [],
      removed: [],
      next: from + limit < ids.length ? (part.at(-1) ?? null) : null,
    };
  }

  /** The current incident of an alarm, for opening a work order on it. */
  incident(id: string): {
    id: string;
    deviceId: string | null;
    stationId: string;
    tier: Tier;
    defectClass: TierAssignment['defectClass'];
    raisedAt: number;
    cause: string;
  } {
    const point = this.get(id);
    if (point.machine.state === 'normal' && !point.machine.conditionActive) {
      throw new AlarmRefusal(`alarm ${id} is normal: there is no incident to open a work order for`);
    }
    const { tier, defectClass } = point.assignment;
    return {
      id,
      deviceId: point.deviceId,
      stationId: point.stationId,
      tier,
      defectClass,
      raisedAt: point.raisedAt,
      cause: point.cause,
    };
  }

  /** A work order changed: the clocks of these alarms may have stopped or started. */
  refresh(alarmIds: readonly string[]): void {
    for (const id of alarmIds) if (this.points.has(id)) this.changed.add(id);
    this.flush();
  }

  ack(id: string, actor: Actor, reason: string | null = null): AlarmView {
    const point = this.get(id);
    this.operate(point, { type: 'ack' }, actor, reason);
    return this.view(point, this.clock.now());
  }

  shelve(id: string, reason: string, untilMs: number, actor: Actor): AlarmView {
    const point = this.get(id);
    this.operate(point, { type: 'shelve', reason, untilMs }, actor, reason.trim());
    return this.view(point, this.clock.now());
  }

  unshelve(id: string, reason: string | null, actor: Actor): AlarmView {
    const point = this.get(id);
    this.operate(point, { type: 'unshelve' }, actor, reason);
    return this.view(point, this.clock.now());
  }

  retier(id: string, tier: Tier, reason: string, actor: Actor): AlarmView {
    const point = this.get(id);
    const atMs = this.clock.now();
    const result = retier(point.assignment, tier, reason, atMs);
    if ('refused' in result) throw new AlarmRefusal(result.refused);
    const from = point.assignment.tier;
    this.durably({
      type: 'alarm.retiered',
      subject: point.id,
      data: { from, to: tier, cause: point.cause, stationId: point.stationId },
      reason: reason.trim(),
      actor,
      ts: atMs,
    });
    point.assignment = result.next;
    this.changed.add(point.id);
    this.flush();
    return this.view(point, atMs);
  }

  /**
   * Rebuilds the queue from the journal on start: every recorded event
   * goes through the same state machine at the time it was recorded, so
   * states, shelves (with their expiry), acknowledgements, tier changes,
   * flood and chatter windows and escalated deadlines come back as they
   * were. Returns the events that no longer fit (reported, not fatal).
   */
  restore(events: Iterable<RecordedEvent>): string[] {
    const problems: string[] = [];
    const byType = new Map(Object.entries(JOURNAL_TYPE).map(([event, type]) => [type, event]));
    for (const e of events) {
      try {
        const eventType = byType.get(e.type);
        if (eventType) this.replay(e, eventType as AlarmEvent['type']);
        else if (e.type === 'alarm.retiered') this.replayRetier(e);
        else if (e.type === 'alarm.sla-breached') {
          const data = asRecord(e.data);
          this.deadlines.remember(e.subject, Number(data.raisedAt), String(data.clockId));
        } else if (e.type === 'alarm.closed') this.forget(e.subject);
      } catch (error) {
        problems.push(`${e.type} ${e.subject}: ${(error as Error).message}`);
      }
    }
    const nowMs = this.clock.now();
    for (const point of this.points.values()) {
      if (point.machine.shelf) this.armShelf(point, point.machine.shelf.untilMs, nowMs);
    }
    // Alarms are rebuilt before the outages that hold them, which come back through setOutOfService.
    this.setTopology([...this.stations.values()], [...this.devices.values()]);
    return problems;
  }

  stop(): void {
    this.floodTimer.clear();
    this.deadlines.stop();
    for (const point of this.points.values()) {
      point.shelfTimer?.();
      point.shelfTimer = null;
    }
  }

  private replay(e: RecordedEvent, type: AlarmEvent['type']): void {
    const data = asRecord(e.data);
    const cause = String(data.cause ?? e.subject.slice(e.subject.lastIndexOf(':') + 1));
    const deviceId = typeof data.deviceId === 'string' ? data.deviceId : null;
    const gatewayId =
      cause === 'comms.gateway' ? e.subject.slice(0, e.subject.length - ':comms.gateway'.length) : null;
    const stationId = String(data.stationId ?? '');
    const source: Source = data.source === 'limit' ? 'limit' : 'status';
    this.ensure({ id: e.subject, deviceId, gatewayId, stationId, cause, source }, e.ts, { replay: true });
    const point = this.get(e.subject);
    const event = eventOf(type, e, data);
    if (type === 'activate' && point.machine.state === 'normal') {
      this.newIncident(point, e.ts);
      if (typeof data.tier === 'string' && typeof data.defectClass === 'string') {
        point.assignment = assignTier({
          tier: data.tier as Tier,
          defectClass: data.defectClass as TierAssignment['defectClass'],
          priority: String(data.priority) as TierAssignment['priority'],
          ruleId: String(data.ruleId ?? 'journal'),
        });
      }
    }
    this.step(point, event, this.transition(point, event, e.ts), e.actor, e.ts, REPLAY);
  }

  private replayRetier(e: RecordedEvent): void {
    const point = this.get(e.subject);
    const result = retier(point.assignment, asRecord(e.data).to as Tier, e.reason ?? '', e.ts);
    if ('refused' in result) throw new Error(result.refused);
    point.assignment = result.next;
  }

  private get(id: string): AlarmPoint {
    const point = this.points.get(id);
    if (!point) throw new AlarmRefusal(`no alarm "${id}"`);
    return point;
  }

  private stationOf(deviceId: string): string {
    return this.devices.get(deviceId)?.stationId ?? '';
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

  /** The station and gateway alarms whose condition is active now. */
  private parentConditions(): PointKey[] {
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

  private suppressionChanges(): { point: AlarmPoint; event: AlarmEvent }[] {
    const links = this.deviceLinks();
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

  private ensureDevicePoint(deviceId: string, cause: string, source: Source): void {
    const stationId = this.stationOf(deviceId);
    this.ensure({ id: `${deviceId}:${cause}`, deviceId, gatewayId: null, stationId, cause, source });
  }

  private ensure(key: PointKey, atMs = this.clock.now(), mode = { replay: false }): void {
    if (this.points.has(key.id)) return;
    // Gone and back within one turn: the page must end up with the new record, not without it.
    this.removed.delete(key.id);
    const point: AlarmPoint = {
      id: key.id,
      deviceId: key.deviceId,
      gatewayId: key.gatewayId,
      stationId: key.stationId,
      cause: key.cause,
      source: key.source,
      machine: initialAlarm(atMs),
      assignment: this.triage(key.deviceId, key.cause),
      raisedAt: atMs,
      clearedAt: null,
      ackedAt: null,
      ackedBy: null,
      activations: [],
      incidents: 0,
      shelfTimer: null,
    };
    this.points.set(key.id, point);
    this.ordered = null;
    if (key.deviceId) {
      const own = this.pointsOfDevice.get(key.deviceId) ?? new Set();
      this.pointsOfDevice.set(key.deviceId, own.add(point));
    }
    if (!mode.replay) this.followService(point);
  }

  private triage(deviceId: string | null, cause: string): TierAssignment {
    const device = deviceId ? this.devices.get(deviceId) : undefined;
    const charging = deviceId ? this.lastSeenState.get(deviceId) === 'charging' : false;
    const key = `${cause}\u0000${device?.kind ?? ''}\u0000${charging}`;
    let triaged = this.triaged.get(key);
    if (!triaged) {
      triaged = triage(
        cause,
        { ...(device ? { kind: device.kind } : {}), charging },
        this.options.triageTable ?? DEFAULT_TRIAGE_TABLE,
      );
      this.triaged.set(key, triaged);
    }
    return assignTier(triaged);
  }

  /** Back from normal is a new incident: new triage, new clocks, nobody has acknowledged it yet. */
  private newIncident(point: AlarmPoint, atMs: number): void {
    // A point created for this very activation was triaged a moment ago.
    if (point.incidents > 0) point.assignment = this.triage(point.deviceId, point.cause);
    point.incidents += 1;
    point.raisedAt = atMs;
    point.clearedAt = null;
    point.ackedAt = null;
    point.ackedBy = null;
  }

  private activate(id: string): void {
    const point = this.points.get(id);
    if (!point || point.machine.conditionActive) return;
    const nowMs = this.clock.now();
    if (point.machine.state === 'normal') this.newIncident(point, nowMs);
    this.apply(point, { type: 'activate' }, SYSTEM_ACTOR, null, nowMs);
  }

  /** Whether the point's device (or every device behind its station or gateway) is out of service, and why. */
  private serviceReason(point: AlarmPoint): string | null {
    if (point.deviceId) return this.outOfService.get(point.deviceId) ?? null;
    const behind = [...this.devices.values()].filter((d) =>
      point.gatewayId ? d.endpoint === point.gatewayId : d.stationId === point.stationId,
    );
    if (behind.length === 0 || !behind.every((d) => this.outOfService.has(d.id))) return null;
    return this.outOfService.get(behind[0]?.id ?? '') ?? null;
  }

  private followService(point: AlarmPoint): void {
    const reason = this.serviceReason(point);
    const out = point.machine.state === 'out-of-service';
    if (reason && !out) this.apply(point, { type: 'remove-from-service', reason }, SYSTEM_ACTOR, reason);
    if (!reason && out) this.apply(point, { type: 'return-to-service' }, SYSTEM_ACTOR, 'outage ended');
  }

  /**
   * An operator's action (or a shelf running out): what earlier turns
   * journalled is committed first, then this event on its own, and only
   * then does the alarm change — a journal that refuses the write leaves
   * the alarm as it was and the operator with an error, not a false "done".
   */
  private operate(point: AlarmPoint, event: AlarmEvent, actor: Actor, reason: string | null): void {
    const nowMs = this.clock.now();
    const result = this.transition(point, event, nowMs);
    this.durably(this.entry(point, event, result, actor, reason, nowMs));
    this.step(point, event, result, actor, nowMs, LIVE);
    this.flush();
  }

  /** Commits the turn so far and then `entry` alone, before the caller changes anything. */
  private durably(entry: AlarmJournalEntry): void {
    this.commit();
    this.options.journal.appendMany([entry]);
  }

  /**
   * One step the plant or the design logic caused: journalled with the
   * turn, recorded now, shown once the turn has committed.
   */
  private apply(
    point: AlarmPoint,
    event: AlarmEvent,
    actor: Actor,
    reason: string | null,
    nowMs = this.clock.now(),
  ): void {
    const result = this.transition(point, event, nowMs);
    this.pending.push(this.entry(point, event, result, actor, reason, nowMs));
    this.step(point, event, result, actor, nowMs, LIVE);
  }

  private transition(
    point: AlarmPoint,
    event: AlarmEvent,
    nowMs: number,
  ): Exclude<TransitionResult, { refused: string }> {
    const result = transition(point.machine, event, nowMs, this.options.shelving ?? DEFAULT_SHELVING_POLICY);
    if ('refused' in result) throw new AlarmRefusal(result.refused);
    return result;
  }

  private entry(
    point: AlarmPoint,
    event: AlarmEvent,
    result: Exclude<TransitionResult, { refused: string }>,
    actor: Actor,
    reason: string | null,
    nowMs: number,
  ): AlarmJournalEntry {
    const { tier, priority, defectClass, ruleId } = point.assignment;
    const data: Record<string, JsonValue> = {
      from: point.machine.state,
      to: result.next.state,
      cause: point.cause,
      source: point.source,
      deviceId: point.deviceId,
      stationId: point.stationId,
      tier,
      priority,
      defectClass,
      ruleId,
    };
    if (event.type === 'shelve') data.untilMs = event.untilMs;
    if (event.type === 'suppress') data.parent = event.parent;
    return { type: JOURNAL_TYPE[event.type], subject: point.id, data, reason, actor, ts: nowMs };
  }

  /** The record and its effects after a step that is journalled (now, or before a restart). */
  private step(
    point: AlarmPoint,
    event: AlarmEvent,
    result: Exclude<TransitionResult, { refused: string }>,
    actor: Actor,
    nowMs: number,
    mode: { replay: boolean },
  ): void {
    if (event.type === 'ack') {
      point.ackedAt = nowMs;
      point.ackedBy = actor.user;
    }
    if (event.type === 'activate') {
      point.clearedAt = null;
      point.activations = slide(
        point.activations,
        nowMs,
        (this.options.chatter ?? DEFAULT_CHATTER_POLICY).windowMs,
      );
    }
    if (event.type === 'clear') point.clearedAt = nowMs;
    point.machine = result.next;
    for (const effect of result.effects) this.effect(point, effect, nowMs, mode);
    this.changed.add(point.id);
  }

  private effect(point: AlarmPoint, effect: Effect, nowMs: number, mode: { replay: boolean }): void {
    switch (effect.kind) {
      case 'annunciate':
        this.annunciate(nowMs);
        return;
      case 'silence':
        return;
      case 'cancel-unshelve':
        point.shelfTimer?.();
        point.shelfTimer = null;
        return;
      case 'schedule-unshelve':
        // Replayed shelves are armed once the whole journal is read, against today's clock.
        if (!mode.replay) this.armShelf(point, effect.atMs, nowMs);
    }
  }

  /**
   * The desk's flood window, kept in place: during a storm it holds
   * thousands of entries, and copying it for every new alarm would cost
   * more than the alarm itself.
   */
  private annunciate(atMs: number): void {
    const { windowMs } = this.options.flood ?? DEFAULT_FLOOD_POLICY;
    const window = this.annunciations;
    let at = window.length;
    while (at > 0 && (window[at - 1] ?? 0) > atMs) at--;
    window.splice(at, 0, atMs);
    let gone = 0;
    while (gone < window.length && (window[gone] ?? 0) <= atMs - windowMs) gone++;
    if (gone > 0) window.splice(0, gone);
  }

  private armShelf(point: AlarmPoint, atMs: number, nowMs: number): void {
    point.shelfTimer?.();
    point.shelfTimer = this.clock.after(Math.max(0, atMs - nowMs), () => {
      point.shelfTimer = null;
      // Timers may fire a little before the desk's clock says the shelf ends.
      const firedAt = this.clock.now();
      if (firedAt < atMs) this.armShelf(point, atMs, firedAt);
      else if (point.machine.state === 'shelved') {
        this.operate(point, { type: 'shelf-expired' }, SYSTEM_ACTOR, 'shelf expired');
      }
    });
  }

  /** Closes an alarm point whose device or station is gone: journalled, then dropped from the queue. */
  private close(point: AlarmPoint, reason: string): void {
    const nowMs = this.clock.now();
    this.pending.push({
      type: 'alarm.closed',
      subject: point.id,
      data: {
        from: point.machine.state,
        cause: point.cause,
        deviceId: point.deviceId,
        stationId: point.stationId,
      },
      reason,
      actor: SYSTEM_ACTOR,
      ts: nowMs,
    });
    this.forget(point.id);
    this.removed.add(point.id);
  }

  private forget(id: string): void {
    const point = this.points.get(id);
    if (!point) return;
    point.shelfTimer?.();
    this.points.delete(id);
    this.ordered = null;
    this.deadlines.forget(id);
    if (point.deviceId) this.pointsOfDevice.get(point.deviceId)?.delete(point);
    this.changed.delete(id);
  }

  private flood(nowMs: number): FloodView {
    const policy = this.options.flood ?? DEFAULT_FLOOD_POLICY;
    const flooding = countInSortedWindow(this.annunciations, nowMs, policy.windowMs) > policy.maxAlarms;
    // A flood keeps its start while it lasts; finding it again walks the whole window.
    if (!flooding) this.floodStart = null;
    else if (this.floodStart === null || !this.flooding)
      this.floodStart = floodSince(this.annunciations, nowMs, policy);
    return { flooding, since: this.floodStart };
  }

  private timeline(point: AlarmPoint): { workOrderIds: string[]; timeline: TimelineEntry[] } {
    const linked = this.links.of(point.id, point.raisedAt);
    const own: TimelineEntry[] = [{ event: 'raised', at: point.raisedAt }];
    if (point.clearedAt !== null) own.push({ event: 'fixed', at: point.clearedAt });
    return { workOrderIds: linked.workOrderIds, timeline: [...own, ...linked.timeline] };
  }

  private clocksOf(
    point: AlarmPoint,
    nowMs: number,
  ): { preset: string; views: ClockView[] } & ReturnType<AlarmService['timeline']> {
    const station = this.stations.get(point.stationId);
    const incident = this.timeline(point);
    if (!station) return { preset: this.sla.defaultPreset, views: [], ...incident };
    const preset = presetFor(station, this.sla);
    const views = clocks(preset, point.assignment.tier, station, incident.timeline, nowMs);
    return { preset: preset.id, views, ...incident };
  }

  private view(point: AlarmPoint, nowMs: number): AlarmView {
    const { tier, defectClass, priority, ruleId, changes } = point.assignment;
    const { preset, views, workOrderIds } = this.clocksOf(point, nowMs);
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
      outOfService: point.machine.outOfService,
      chattering: isChattering(point.activations, nowMs, this.options.chatter ?? DEFAULT_CHATTER_POLICY),
      slaPreset: preset,
      clocks: views,
      workOrderIds,
      outagePrompt: views.some(
        (v) =>
          v.kind === 'deadline' &&
          v.onBreach === 'prompt-outage' &&
          v.state === 'breached' &&
          v.stoppedAt === null,
      ),
    };
  }

  /** Journals and queues each deadline of the alarm that has passed and was not escalated before. */
  private escalate(point: AlarmPoint, views: readonly ClockView[], nowMs: number): void {
    const subject = {
      subject: 'alarm' as const,
      id: point.id,
      stationId: point.stationId,
      tier: point.assignment.tier,
    };
    for (const { basis, ...breach } of this.deadlines.observe(
      subject,
      point.raisedAt,
      views,
      ESCALATES(point.machine.state),
    )) {
      this.pending.push({
        type: 'alarm.sla-breached',
        subject: point.id,
        data: { ...breach, raisedAt: point.raisedAt },
        reason: basis,
        actor: SYSTEM_ACTOR,
        ts: nowMs,
      });
      this.breaches.push(breach);
    }
  }

  /**
   * Ends a turn: the views of what changed (escalating deadlines that
   * passed), then one commit of everything the turn journalled, and only
   * after it the deltas. If the journal refuses, nothing is shown and the
   * entries and changes wait for the next turn, still in order.
   */
  private flush(): void {
    if (this.turns > 0) return;
    const nowMs = this.clock.now();
    const alarms: AlarmView[] = [];
    for (const id of this.changed) {
      const point = this.points.get(id);
      if (!point) continue;
      const view = this.view(point, nowMs);
      this.escalate(point, view.clocks, nowMs);
      alarms.push(view);
    }
    const flood = this.flood(nowMs);
    try {
      this.commit();
      if (alarms.length > 0 || flood.flooding !== this.flooding || this.removed.size > 0) {
        const removed = [...this.removed];
        const breaches = this.breaches;
        this.changed = new Set();
        this.breaches = [];
        this.removed = new Set();
        this.flooding = flood.flooding;
        this.announce(alarms, flood, breaches, removed);
      }
    } finally {
      this.watchFlood(nowMs);
      this.deadlines.arm();
    }
  }

  private commit(): void {
    if (this.pending.length === 0) return;
    this.options.journal.appendMany(this.pending);
    this.pending = [];
  }

  /** One delta, or several of at most ALARMS_PER_FRAME records; removals and breaches ride on the first. */
  private announce(alarms: AlarmView[], flood: FloodView, breaches: SlaBreach[], removed: string[]): void {
    let from = 0;
    do {
      const part = alarms.slice(from, from + ALARMS_PER_FRAME);
      this.options.onDelta(
        from === 0
          ? { alarms: part, flood, breaches, removed }
          : { alarms: part, flood, breaches: [], removed: [] },
      );
      from += ALARMS_PER_FRAME;
    } while (from < alarms.length);
  }

  private watchFlood(nowMs: number): void {
    const { windowMs } = this.options.flood ?? DEFAULT_FLOOD_POLICY;
    const first = this.annunciations[firstAfter(this.annunciations, nowMs - windowMs)];
    this.floodTimer.set(this.flooding && first !== undefined ? first + windowMs : null);
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

const LIVE = { replay: false } as const;
const REPLAY = { replay: true } as const;

/** The state-machine event a journalled alarm event stands for. */
function eventOf(type: AlarmEvent['type'], e: RecordedEvent, data: Record<string, JsonValue>): AlarmEvent {
  switch (type) {
    case 'shelve':
      return { type, reason: e.reason ?? '', untilMs: Number(data.untilMs) };
    case 'suppress': {
      const parent = asRecord(data.parent ?? null);
      return {
        type,
        parent: { kind: parent.kind === 'gateway' ? 'gateway' : 'station', id: String(parent.id) },
      };
    }
    case 'remove-from-service':
      return { type, reason: e.reason ?? 'out of service' };
    default:
      return { type };
  }
}
