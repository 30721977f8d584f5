import { type ChatterPolicy, isChattering } from '../../shared/alarm/chatter';
import type { AlarmClockView, AlarmView } from '../../shared/api/contract';
import {
  type ClockView,
  clocks,
  presetFor,
  type SlaRuleTexts,
  type SlaSettings,
  slaRuleTexts,
  type TimelineEntry,
} from '../../shared/triage/sla';
import type { AlarmPoint } from './points';
import type { AlarmTopology } from './topology';

/** What the work orders add to one incident of an alarm (one raise, until it returns to normal). */
export type IncidentLinks = {
  of(alarmId: string, raisedAt: number): { workOrderIds: string[]; timeline: TimelineEntry[] };
};

const NO_LINKS: IncidentLinks = { of: () => ({ workOrderIds: [], timeline: [] }) };

type Incident = ReturnType<IncidentLinks['of']>;

/** How an alarm point reads on the desk: its record, the SLA clocks of its incident and the work orders on it. */
export class AlarmViews {
  private links: IncidentLinks = NO_LINKS;

  constructor(
    private readonly topology: AlarmTopology,
    private sla: SlaSettings,
    private readonly chatter: ChatterPolicy,
  ) {}

  /** The work orders whose steps feed the clocks; set once both services exist. */
  linkIncidents(links: IncidentLinks): void {
    this.links = links;
  }

  setSla(settings: SlaSettings): void {
    this.sla = settings;
  }

  /** The basis of every clock of the presets in use, for `sla.rules`. */
  ruleTexts(): SlaRuleTexts {
    return slaRuleTexts(this.sla);
  }

  view(point: AlarmPoint, nowMs: number): AlarmView {
    return this.read(point, nowMs).view;
  }

  /** The view, and its clocks with their basis, which the journal of a breach quotes. */
  read(point: AlarmPoint, nowMs: number): { view: AlarmView; clocks: ClockView[] } {
    const { tier, defectClass, priority, ruleId, changes } = point.assignment;
    const { preset, views, workOrderIds } = this.clocksOf(point, nowMs);
    const view: AlarmView = {
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
      chattering: isChattering(point.activations, nowMs, this.chatter),
      slaPreset: preset,
      clocks: views.map(withoutBasis),
      workOrderIds,
      outagePrompt: views.some(
        (v) =>
          v.kind === 'deadline' &&
          v.onBreach === 'prompt-outage' &&
          v.state === 'breached' &&
          v.stoppedAt === null,
      ),
    };
    return { view, clocks: views };
  }

  private timeline(point: AlarmPoint): Incident {
    const linked = this.links.of(point.id, point.raisedAt);
    const own: TimelineEntry[] = [{ event: 'raised', at: point.raisedAt }];
    if (point.clearedAt !== null) own.push({ event: 'fixed', at: point.clearedAt });
    return { workOrderIds: linked.workOrderIds, timeline: [...own, ...linked.timeline] };
  }

  private clocksOf(point: AlarmPoint, nowMs: number): { preset: string; views: ClockView[] } & Incident {
    const station = this.topology.station(point.stationId);
    const incident = this.timeline(point);
    if (!station) return { preset: this.sla.defaultPreset, views: [], ...incident };
    const preset = presetFor(station, this.sla);
    const views = clocks(preset, point.assignment.tier, station, incident.timeline, nowMs);
    return { preset: preset.id, views, ...incident };
  }
}

/** A clock as the record carries it; a literal rather than a rest-spread, which costs more per record in a storm. */
function withoutBasis(v: ClockView): AlarmClockView {
  if (v.kind === 'deadline') {
    return {
      kind: v.kind,
      id: v.id,
      state: v.state,
      startedAt: v.startedAt,
      deadline: v.deadline,
      stoppedAt: v.stoppedAt,
      remainingMs: v.remainingMs,
      onBreach: v.onBreach,
    };
  }
  return {
    kind: v.kind,
    id: v.id,
    state: v.state,
    everyMs: v.everyMs,
    lastDoneAt: v.lastDoneAt,
    nextDueAt: v.nextDueAt,
    remainingMs: v.remainingMs,
  };
}
