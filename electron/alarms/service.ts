import {
  type ChatterPolicy,
  DEFAULT_CHATTER_POLICY,
  DEFAULT_FLOOD_POLICY,
  type FloodPolicy,
} from '../../shared/alarm/chatter';
import type { AlarmsDelta, AlarmsPage, AlarmView } from '../../shared/api/contract';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import type { AlarmRules } from '../../shared/config/alarm-rules';
import type { Actor } from '../../shared/journal/event';
import { DEFAULT_SLA_SETTINGS, type SlaRuleTexts, type SlaSettings } from '../../shared/triage/sla';
import { DEFAULT_TRIAGE_TABLE, type Tier, type TriageTable } from '../../shared/triage/tiers';
import { type AlarmIncident, OperatorActions } from './actions';
import { type DeskClock, systemClock } from './clock';
import { type LimitChange, PlantConditions } from './conditions';
import { DeadlineWatch } from './deadlines';
import { FloodWatch } from './flood';
import { AlarmPoints } from './points';
import type { JournalEntry, RecordedEvent } from './recorded';
import { replayAlarms } from './replay';
import { AlarmSteps } from './steps';
import { AlarmTopology } from './topology';
import { type AlarmJournal, AlarmTurn } from './turn';
import { AlarmViews, type IncidentLinks } from './views';

export { SYSTEM_ACTOR } from './recorded';
export { AlarmRefusal } from './refusal';
export type { AlarmJournal } from './turn';
export type { IncidentLinks } from './views';

/** One alarm state change or operator action, as the journal records it: who, when, what, why. */
export type AlarmJournalEntry = JournalEntry;

export type AlarmServiceOptions = {
  journal: AlarmJournal;
  onDelta: (delta: AlarmsDelta) => void;
  clock?: DeskClock;
  triageTable?: TriageTable;
  sla?: SlaSettings;
  /** The site's triage rows and shelf maxima (config `alarmRules`); shipped rules when absent. */
  rules?: AlarmRules;
  chatter?: ChatterPolicy;
  flood?: FloodPolicy;
};

/**
 * The desk's alarm queue: turns device status and analog limits into
 * ISA-18.2 alarm points, one per device and cause, runs every change through
 * the pure state machine and journals it, hides device comms alarms under
 * one station (or gateway) alarm when everything behind it is lost, takes
 * devices under an approved outage out of service, and escalates SLA
 * deadlines once each as they pass.
 *
 * It puts together parts with one job each: the points (points.ts), what
 * is known of the fleet (topology.ts), the steps of the state machine
 * (steps.ts), the plant's conditions (conditions.ts), the operator's
 * actions (actions.ts), the replay on start (replay.ts), the views
 * (views.ts), the flood window (flood.ts) and the turn that commits and
 * announces (turn.ts).
 */
export class AlarmService {
  private readonly clock: DeskClock;
  private readonly points = new AlarmPoints();
  private readonly topology: AlarmTopology;
  private readonly views: AlarmViews;
  private readonly flood: FloodWatch;
  private readonly deadlines: DeadlineWatch;
  private readonly turn: AlarmTurn;
  private readonly steps: AlarmSteps;
  private readonly conditions: PlantConditions;
  private readonly actions: OperatorActions;
  private rules: AlarmRules | undefined;

  constructor(options: AlarmServiceOptions) {
    const clock = options.clock ?? systemClock;
    const chatter = options.chatter ?? DEFAULT_CHATTER_POLICY;
    const { journal, onDelta } = options;
    const points = this.points;
    const topology = new AlarmTopology(options.triageTable ?? DEFAULT_TRIAGE_TABLE);
    const views = new AlarmViews(topology, options.sla ?? DEFAULT_SLA_SETTINGS, chatter);
    // The timers wake the turn, which exists by the time they can fire.
    const flood = new FloodWatch(clock, options.flood ?? DEFAULT_FLOOD_POLICY, () => turn.flush());
    const deadlines = new DeadlineWatch(clock, (ids) => this.refresh(ids));
    const turn = new AlarmTurn({ journal, onDelta, clock, points, views, flood, deadlines });
    const shelveMaxHours = () => this.rules?.shelveMaxHours;
    const steps = new AlarmSteps({
      clock,
      points,
      topology,
      turn,
      flood,
      deadlines,
      shelveMaxHours,
      chatter,
    });
    this.clock = clock;
    this.topology = topology;
    this.views = views;
    this.flood = flood;
    this.deadlines = deadlines;
    this.turn = turn;
    this.steps = steps;
    this.conditions = new PlantConditions({ points, topology, steps, turn });
    this.actions = new OperatorActions({ clock, points, steps, turn, views });
    this.setRules(options.rules);
  }

  /**
   * The site's alarm rules, at start and after every configuration change.
   * New triage rows apply to incidents raised from then on; a new shelf
   * maximum to shelves set from then on.
   */
  setRules(rules: AlarmRules | undefined): void {
    this.rules = rules;
    this.topology.setOverrides(rules?.triageOverrides ?? []);
  }

  /**
   * Runs `work` as one turn of the engine: every state change it causes is
   * journalled in one transaction, and announced in one delta once that has
   * committed. The telemetry of one poll flush (status and limits) is one turn.
   */
  batch<T>(work: () => T): T {
    return this.turn.batch(work);
  }

  /** The work orders whose steps feed the clocks; set once both services exist. */
  linkIncidents(links: IncidentLinks): void {
    this.views.linkIncidents(links);
  }

  setSla(settings: SlaSettings): void {
    this.views.setSla(settings);
    this.refresh([...this.points.ids()]);
  }

  /**
   * The configured stations and devices. Alarms of devices (or stations)
   * no longer configured are closed and journalled, not left dangling.
   */
  setTopology(stations: readonly Station[], devices: readonly Device[]): void {
    this.conditions.setTopology(stations, devices);
  }

  /** Feed of changed device status, as the telemetry store flushes it. */
  onStatus(changes: readonly DeviceStatus[]): void {
    this.conditions.onStatus(changes);
  }

  /** Analog limits that changed state (electron/alarms/limits.ts). */
  onLimits(changes: readonly LimitChange[]): void {
    this.conditions.onLimits(changes);
  }

  /** Limit alarms whose condition is active, so a restarted limit monitor starts where it left off. */
  activeLimits(): { deviceId: string; cause: string }[] {
    return this.conditions.activeLimits();
  }

  /**
   * Devices under an approved outage or decommission, each with the
   * reason shown on its alarms. Alarms of those devices go out of service;
   * a station or gateway alarm goes too when every device behind it is out.
   */
  setOutOfService(reasons: ReadonlyMap<string, string>): void {
    this.conditions.setOutOfService(reasons);
  }

  /** The whole queue; what a turn could not commit is written first, so the list shows only what is durable. */
  list(): AlarmsDelta {
    this.turn.commit();
    const nowMs = this.clock.now();
    return {
      alarms: [...this.points.values()].map((p) => this.views.view(p, nowMs)),
      flood: this.flood.view(nowMs),
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
    this.turn.commit();
    const nowMs = this.clock.now();
    const { ids, next } = this.points.page(after, limit);
    return {
      alarms: ids.map((id) => this.views.view(this.points.get(id), nowMs)),
      flood: this.flood.view(nowMs),
      breaches: [],
      removed: [],
      next,
    };
  }

  /** The basis of every SLA clock per preset and tier: what alarm records leave out. */
  slaRules(): SlaRuleTexts {
    return this.views.ruleTexts();
  }

  /** The current incident of an alarm, for opening a work order on it. */
  incident(id: string): AlarmIncident {
    return this.actions.incident(id);
  }

  /** Whether this incident is its alarm point's current one: the point's view still shows what was opened for it. */
  isCurrent(alarmId: string, raisedAt: number): boolean {
    return this.points.find(alarmId)?.raisedAt === raisedAt;
  }

  /** A work order changed (or a deadline passed): the clocks of these alarms may have stopped or started. */
  refresh(alarmIds: readonly string[]): void {
    for (const id of alarmIds) if (this.points.has(id)) this.turn.touch(id);
    this.turn.flush();
  }

  ack(id: string, actor: Actor, reason: string | null = null): AlarmView {
    return this.actions.ack(id, actor, reason);
  }

  shelve(id: string, reason: string, untilMs: number, actor: Actor): AlarmView {
    return this.actions.shelve(id, reason, untilMs, actor);
  }

  unshelve(id: string, reason: string | null, actor: Actor): AlarmView {
    return this.actions.unshelve(id, reason, actor);
  }

  retier(id: string, tier: Tier, reason: string, actor: Actor): AlarmView {
    return this.actions.retier(id, tier, reason, actor);
  }

  /**
   * Rebuilds the queue from the journal on start (replay.ts). Returns the
   * events that no longer fit (reported, not fatal).
   */
  restore(events: Iterable<RecordedEvent>): string[] {
    const problems = replayAlarms(events, {
      points: this.points,
      steps: this.steps,
      deadlines: this.deadlines,
    });
    this.steps.armShelves();
    // Alarms are rebuilt before the outages that hold them, which come back through setOutOfService.
    this.setTopology(this.topology.stationList(), this.topology.deviceList());
    return problems;
  }

  stop(): void {
    this.flood.stop();
    this.deadlines.stop();
    this.steps.stop();
  }
}
