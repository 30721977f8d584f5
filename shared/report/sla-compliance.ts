import type {
  ReportPeriod,
  SlaApplication,
  SlaClockRow,
  SlaReport,
  SlaTierRow,
  Verdict,
} from '../api/reports';
import { BASIS_TEXT, SOURCE_TEXT as SOURCE } from '../i18n/messages/report-sources';
import { type ClockDef, clocks, type DeadlineView, presetFor, type SlaSettings } from '../triage/sla';
import { Tier } from '../triage/tiers';
import type { ReportFleet } from './availability';
import {
  type AlarmIncident,
  type AlarmPoint,
  type ApplicationFacts,
  excludedSpan,
  incidentKey,
  incidentTimeline,
  ordersByIncident,
  type WorkOrderFacts,
} from './facts';
import { median, ratio } from './intervals';
import { atLeast, kpi } from './kpi';
import { type RulesRevision, rulesInForce } from './rules';

export const SLA_SOURCES = {
  incidents: SOURCE.incidents,
  clocks: SOURCE.clocks,
  response: SOURCE.response,
  dispatch: SOURCE.dispatch,
  arrival: SOURCE.arrival,
  fix: SOURCE.fix,
  workOrders: SOURCE.workOrders,
  applications: SOURCE.applications,
} as const;

type Evaluated = {
  group: string;
  preset: string;
  tier: Tier;
  incident: AlarmIncident;
  deadlines: DeadlineView[];
  defs: Map<string, ClockDef>;
  fixedAt: number | null;
  dispatchedAt: number | null;
  arrivedAt: number | null;
  outcome: 'timely' | 'untimely' | 'pending';
};

function evaluate(
  incident: AlarmIncident,
  linked: readonly WorkOrderFacts[],
  station: { group: string; urban: boolean },
  settings: SlaSettings,
  at: number,
): Evaluated {
  const preset = presetFor(station, settings);
  const timeline = incidentTimeline(incident, linked);
  const views = clocks(preset, incident.tier, station, timeline, at);
  const deadlines = views.filter((v): v is DeadlineView => v.kind === 'deadline');
  const first = (event: string) =>
    timeline.find((e) => e.event === event && e.at >= incident.raisedAt)?.at ?? null;
  const fixedAt = first('fixed');
  const commitments = deadlines.filter((d) => d.onBreach === 'escalate');
  const outcome = commitments.some((d) => d.state === 'breached')
    ? 'untimely'
    : commitments.some((d) => d.state === 'running') ||
        (fixedAt === null && commitments.some((d) => d.state === 'not-started'))
      ? 'pending'
      : 'timely';
  return {
    group: station.group,
    preset: preset.id,
    tier: incident.tier,
    incident,
    deadlines,
    defs: new Map(preset.tiers[incident.tier].clocks.map((c) => [c.id, c])),
    fixedAt,
    dispatchedAt: first('dispatched'),
    arrivedAt: first('arrived'),
    outcome,
  };
}

const since = (t: number | null, from: number) => (t === null ? [] : [t - from]);

function tierRow(group: string, tier: Tier, preset: string, rows: readonly Evaluated[]): SlaTierRow {
  const fixed = rows.filter((r) => r.fixedAt !== null).length;
  const timely = rows.filter((r) => r.outcome === 'timely').length;
  const untimely = rows.filter((r) => r.outcome === 'untimely').length;
  const verdict: Verdict = untimely > 0 ? 'missed' : timely > 0 ? 'met' : 'none';
  return {
    group,
    preset,
    tier,
    incidents: rows.length,
    fixed,
    resolutionRate: ratio(fixed, rows.length),
    timely,
    untimely,
    pending: rows.length - timely - untimely,
    timelinessRate: ratio(timely, timely + untimely),
    responseMs: median(rows.flatMap((r) => since(r.incident.ackedAt, r.incident.raisedAt))),
    dispatchMs: median(rows.flatMap((r) => since(r.dispatchedAt, r.incident.raisedAt))),
    arrivalMs: median(rows.flatMap((r) => since(r.arrivedAt, r.incident.raisedAt))),
    fixMs: median(rows.flatMap((r) => since(r.fixedAt, r.incident.raisedAt))),
    verdict,
  };
}

function clockRows(rows: readonly Evaluated[]): SlaClockRow[] {
  const groups = new Map<string, { key: Evaluated; def: ClockDef; views: DeadlineView[] }>();
  for (const r of rows) {
    for (const view of r.deadlines) {
      const def = r.defs.get(view.id);
      if (!def) continue;
      const key = `${r.group}\u0000${r.preset}\u0000${r.tier}\u0000${view.id}`;
      const entry = groups.get(key) ?? { key: r, def, views: [] };
      entry.views.push(view);
      groups.set(key, entry);
    }
  }
  return [...groups.values()].map(({ key, def, views }) => {
    const count = (state: DeadlineView['state']) => views.filter((v) => v.state === state).length;
    const lasted = views.flatMap((v) =>
      v.startedAt !== null && v.stoppedAt !== null ? [v.stoppedAt - v.startedAt] : [],
    );
    const met = count('met');
    const breached = count('breached');
    const duration = def.durationMs;
    return {
      group: key.group,
      preset: key.preset,
      tier: key.tier,
      clock: def.id,
      limitMs: typeof duration === 'number' ? duration : duration.urban,
      limitOtherMs: typeof duration === 'number' ? null : duration.other,
      onBreach: def.onBreach,
      basis: def.basis,
      met,
      breached,
      running: count('running'),
      notStarted: count('not-started'),
      medianMs: median(lasted),
      maxMs: lasted.length ? Math.max(...lasted) : null,
      rate: ratio(met, met + breached),
      verdict: def.onBreach === 'prompt-outage' ? 'none' : breached > 0 ? 'missed' : met > 0 ? 'met' : 'none',
    };
  });
}

const overlaps = (a: { startMs: number; endMs: number | null }, p: ReportPeriod) =>
  a.startMs < p.to && (a.endMs === null || a.endMs > p.from);

/**
 * SLA compliance per station group and tier: each incident raised in the
 * month runs through the clocks of the preset its station group was on when
 * it was raised (the journalled revisions; `settings`, the current ones,
 * before the first), evaluated when the report is made, so a clock still
 * counting shows as running. Resolution rate: incidents fixed ÷ raised. Timeliness (修复及时率):
 * incidents whose every commitment was kept ÷ those decided either way.
 */
export function slaReport(input: {
  period: ReportPeriod;
  fleet: ReportFleet;
  points: ReadonlyMap<string, AlarmPoint>;
  orders: ReadonlyMap<string, WorkOrderFacts>;
  applications: readonly ApplicationFacts[];
  settings: SlaSettings;
  revisions?: readonly RulesRevision[];
}): SlaReport {
  const { period } = input;
  const stations = new Map(input.fleet.stations.map((s) => [s.id, s]));
  const groups = [...new Set(input.fleet.stations.map((s) => s.group))].sort();
  const rules = rulesInForce(input.revisions ?? [], input.settings, period, groups);
  const byIncident = ordersByIncident(input.orders.values());
  const evaluated: Evaluated[] = [];
  for (const point of input.points.values()) {
    const station = stations.get(point.stationId);
    if (!station) continue;
    for (const incident of point.incidents) {
      if (incident.hiddenAtRaise || incident.raisedAt < period.from || incident.raisedAt >= period.to)
        continue;
      const linked = byIncident.get(incidentKey(incident)) ?? [];
      const { settings } = rules.at(incident.raisedAt);
      evaluated.push(evaluate(incident, linked, station, settings, period.generatedAt));
    }
  }

  const tiers: SlaTierRow[] = [];
  // The all-groups rows repeat the only group's when there is one.
  for (const group of groups.length > 1 ? [...groups, '*'] : groups) {
    for (const tier of Tier.options) {
      const rows = evaluated.filter((r) => (group === '*' || r.group === group) && r.tier === tier);
      if (rows.length === 0) continue;
      const presets = [...new Set(rows.map((r) => r.preset))];
      tiers.push(tierRow(group, tier, presets.length === 1 ? (presets[0] as string) : '*', rows));
    }
  }

  const opened = [...input.orders.values()].filter(
    (o) => o.record.createdAt >= period.from && o.record.createdAt < period.to,
  );
  const resolved = opened.filter((o) => o.record.resolvedAt !== null || o.record.acceptedAt !== null).length;
  const cancelled = opened.filter((o) => o.cancelledAt !== null).length;

  const applications: SlaApplication[] = input.applications.flatMap((a) => {
    const span = excludedSpan(a);
    const filedIn = a.appliedAt >= period.from && a.appliedAt < period.to;
    if (!filedIn && !(span && overlaps(span, period))) return [];
    return [
      {
        id: a.id,
        kind: a.kind,
        reason: a.reason,
        state: a.state,
        stationId: a.stationId,
        devices: a.deviceIds.length,
        appliedAt: a.appliedAt,
        decidedAt: a.decidedAt,
        excludedFrom: span && overlaps(span, period) ? Math.max(span.startMs, period.from) : null,
        excludedTo: span && overlaps(span, period) ? Math.min(span.endMs ?? period.to, period.to) : null,
      },
    ];
  });

  const fixed = evaluated.filter((r) => r.fixedAt !== null).length;
  const timely = evaluated.filter((r) => r.outcome === 'timely').length;
  const untimely = evaluated.filter((r) => r.outcome === 'untimely').length;
  return {
    period,
    rules: rules.spans,
    tiers,
    clocks: clockRows(evaluated).sort(
      (a, b) =>
        a.group.localeCompare(b.group) ||
        Tier.options.indexOf(a.tier) - Tier.options.indexOf(b.tier) ||
        a.clock.localeCompare(b.clock),
    ),
    workOrders: {
      created: opened.length,
      dispatched: opened.filter((o) => o.record.dispatchedAt !== null).length,
      resolved,
      accepted: opened.filter((o) => o.record.acceptedAt !== null).length,
      cancelled,
      resolutionRate: ratio(resolved, opened.length - cancelled),
    },
    applications: applications.sort((a, b) => a.appliedAt - b.appliedAt),
    kpis: [
      kpi('incidents', evaluated.length, 'count', SLA_SOURCES.incidents),
      kpi('resolutionRate', ratio(fixed, evaluated.length), 'share', SLA_SOURCES.fix),
      kpi(
        'timelinessRate',
        ratio(timely, timely + untimely),
        'share',
        SLA_SOURCES.clocks,
        atLeast(1, BASIS_TEXT.timeliness),
      ),
      kpi(
        'responseMedian',
        median(evaluated.flatMap((r) => since(r.incident.ackedAt, r.incident.raisedAt))),
        'ms',
        SLA_SOURCES.response,
      ),
      kpi('workOrderResolution', ratio(resolved, opened.length - cancelled), 'share', SLA_SOURCES.workOrders),
    ],
    sources: { ...SLA_SOURCES },
  };
}
