import {
  type ChatterPolicy,
  chatterIntervals,
  DEFAULT_CHATTER_POLICY,
  DEFAULT_FLOOD_POLICY,
  type FloodPolicy,
  floodIntervals,
  timeShare,
} from '../alarm/chatter';
import type { AlarmState } from '../alarm/state';
import type { AlarmKpiReport, Kpi, ReportPeriod } from '../api/reports';
import { BASIS_TEXT as BASIS, SOURCE_TEXT as SOURCE } from '../i18n/messages/report-sources';
import type { AlarmPoint } from './facts';
import { clip, type Interval, ratio } from './intervals';
import { atLeast, atMost, judge, kpi } from './kpi';
import { observedRange } from './period';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const ALARM_KPI_SOURCES = {
  annunciations: SOURCE.annunciations,
  activations: SOURCE.activations,
  states: SOURCE.states,
  priority: SOURCE.priority,
} as const;

/** ISA-18.2 / EEMUA 191 benchmarks for one operator position (one desk). */
export const ALARM_TARGETS = {
  perHour: atMost(6, BASIS.perHour, 12),
  per10Min: atMost(1, BASIS.per10Min, 2),
  peak10Min: atMost(10, BASIS.peak10Min),
  floodShare: atMost(0.01, BASIS.floodShare),
  top10Share: atMost(0.05, BASIS.top10Share),
  chattering: atMost(0, BASIS.chattering),
  stale: atMost(4, BASIS.stale),
  standing: atMost(9, BASIS.standing),
  high: atMost(0.05, BASIS.high, 0.1),
  medium: atMost(0.15, BASIS.medium, 0.25),
  low: atLeast(0.8, BASIS.low, 0.65),
} as const;

const ACTIVE: ReadonlySet<AlarmState> = new Set(['active-unacknowledged', 'active-acknowledged']);
const UNACKED: ReadonlySet<AlarmState> = new Set(['active-unacknowledged', 'returned-unacknowledged']);

/** Consecutive state spans within `states` joined into continuous stretches, open ends closed at `end`. */
function stretches(point: AlarmPoint, states: ReadonlySet<AlarmState>, end: number): Interval[] {
  const out: Interval[] = [];
  for (const s of point.states) {
    if (!states.has(s.state)) continue;
    const endMs = s.endMs ?? end;
    const last = out.at(-1);
    if (last && last.endMs === s.startMs) last.endMs = endMs;
    else out.push({ startMs: s.startMs, endMs });
  }
  return out;
}

/** The most timestamps in any window of `windowMs` (sorted input). */
function peakInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let i = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[start] as number) >= windowMs) start++;
    best = Math.max(best, i - start + 1);
  }
  return best;
}

/** The most intervals overlapping at one instant. */
function peakConcurrent(intervals: readonly Interval[]): number {
  const edges = intervals.flatMap((i) => [
    [i.startMs, 1],
    [i.endMs, -1],
  ]) as [number, number][];
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let best = 0;
  for (const [, d] of edges) {
    now += d;
    best = Math.max(best, now);
  }
  return best;
}

const bucket = (priority: string): 'high' | 'medium' | 'low' =>
  priority === 'critical' || priority === 'high' ? 'high' : priority === 'medium' ? 'medium' : 'low';

/**
 * Alarm-management KPIs after ISA-18.2 and EEMUA 191 for the desk (one
 * operator position), with the metrics of OPC UA Part 9's AlarmMetricsType:
 * alarm count, maximum active and unacknowledged time, current / maximum /
 * average alarm rate and maximum re-alarm count. An alarm counts when it was
 * annunciated: it entered active-unacknowledged.
 */
export function alarmKpiReport(input: {
  period: ReportPeriod;
  points: ReadonlyMap<string, AlarmPoint>;
  flood?: FloodPolicy;
  chatter?: ChatterPolicy;
}): AlarmKpiReport {
  const { period } = input;
  const range = observedRange(period);
  const spanMs = range.endMs - range.startMs;
  const within = (t: number) => t >= range.startMs && t < range.endMs;
  const flood = input.flood ?? DEFAULT_FLOOD_POLICY;
  const chatter = input.chatter ?? DEFAULT_CHATTER_POLICY;
  const points = [...input.points.values()];

  const alarms: { t: number; point: AlarmPoint; priority: string }[] = [];
  let maxReAlarm = 0;
  for (const point of points) {
    for (const incident of point.incidents) {
      for (const t of incident.annunciations)
        if (within(t)) alarms.push({ t, point, priority: incident.priority });
      const repeats = incident.activations.filter(within).length - 1;
      if (repeats > maxReAlarm) maxReAlarm = repeats;
    }
  }
  alarms.sort((a, b) => a.t - b.t);
  const times = alarms.map((a) => a.t);
  const n = times.length;

  const floods = floodIntervals(times, flood).flatMap((f) => {
    const part = clip([f], range)[0];
    if (!part) return [];
    return [{ ...part, alarms: times.filter((t) => t >= f.startMs - flood.windowMs && t < f.endMs).length }];
  });

  const counts = new Map<AlarmPoint, number>();
  for (const a of alarms) counts.set(a.point, (counts.get(a.point) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].alarmId.localeCompare(b[0].alarmId));
  const ref = (p: AlarmPoint) => ({
    alarmId: p.alarmId,
    cause: p.cause,
    deviceId: p.deviceId,
    stationId: p.stationId,
  });
  const top = ranked.slice(0, 10).map(([p, count]) => ({ ...ref(p), count, share: count / n }));
  const topShare = ratio(
    top.reduce((s, t) => s + t.count, 0),
    n,
  );

  const chattering = points.flatMap((p) => {
    const activations = p.incidents.flatMap((i) => i.activations).filter(within);
    const bursts = chatterIntervals(activations, chatter).length;
    return bursts > 0 ? [{ ...ref(p), activations: activations.length, bursts }] : [];
  });

  const active = points.map((p) => ({ p, spans: stretches(p, ACTIVE, range.endMs) }));
  const inRange = (i: Interval) => i.startMs < range.endMs && i.endMs > range.startMs;
  const stale = active.flatMap(({ p, spans }) =>
    spans
      .filter((s) => inRange(s) && s.endMs - s.startMs > DAY)
      .map((s) => ({ ...ref(p), activeSince: s.startMs, activeMs: s.endMs - s.startMs })),
  );
  const longest = (spans: Interval[]) =>
    spans.filter(inRange).reduce((m, s) => Math.max(m, s.endMs - s.startMs), 0);
  const maxActiveMs = active.reduce((m, a) => Math.max(m, longest(a.spans)), 0);
  const maxUnackMs = points.reduce((m, p) => Math.max(m, longest(stretches(p, UNACKED, range.endMs))), 0);
  const standing = peakConcurrent(active.flatMap((a) => clip(a.spans, range)));

  const byPriority = { high: 0, medium: 0, low: 0 };
  for (const a of alarms) byPriority[bucket(a.priority)]++;
  const priorities = (['high', 'medium', 'low'] as const).map((priority) => {
    const share = ratio(byPriority[priority], n);
    const target = ALARM_TARGETS[priority];
    return {
      priority,
      count: byPriority[priority],
      share,
      target: target.value,
      verdict: judge(share, target),
    };
  });

  // A desk with less than an hour of records has seen those alarms in its first hour: averaging a few
  // seconds up to an hourly rate would report a flood that never was.
  const hours = spanMs > 0 ? Math.max(1, spanMs / HOUR) : 0;
  const tenMinutes = spanMs > 0 ? Math.max(1, spanMs / flood.windowMs) : 0;
  const hourlyEnd = Math.min(period.to, Math.max(range.endMs, period.from));
  const hourly: AlarmKpiReport['hourly'] = [];
  for (let ts = period.from, i = 0; ts < hourlyEnd; ts += HOUR) {
    let count = 0;
    while (i < n && (times[i] as number) < ts + HOUR) {
      if ((times[i] as number) >= ts) count++;
      i++;
    }
    hourly.push({ ts, count });
  }

  const S = ALARM_KPI_SOURCES;
  const kpis: Kpi[] = [
    kpi('alarmCount', n, 'count', S.annunciations),
    kpi('averageRate', hours > 0 ? n / hours : null, 'per-hour', S.annunciations, ALARM_TARGETS.perHour),
    kpi(
      'averageRate10Min',
      tenMinutes > 0 ? n / tenMinutes : null,
      'per-10min',
      S.annunciations,
      ALARM_TARGETS.per10Min,
    ),
    kpi('peak10Min', peakInWindow(times, flood.windowMs), 'count', S.annunciations, ALARM_TARGETS.peak10Min),
    kpi(
      'floodShare',
      spanMs > 0 ? timeShare(floodIntervals(times, flood), range) : null,
      'share',
      S.annunciations,
      ALARM_TARGETS.floodShare,
    ),
    kpi('top10Share', topShare, 'share', S.annunciations, ALARM_TARGETS.top10Share),
    kpi('chattering', chattering.length, 'count', S.activations, ALARM_TARGETS.chattering),
    kpi('stale', stale.length, 'count', S.states, ALARM_TARGETS.stale),
    kpi('standing', standing, 'count', S.states, ALARM_TARGETS.standing),
    kpi(
      'currentRate',
      spanMs > 0 ? times.filter((t) => t > range.endMs - HOUR).length : null,
      'per-hour',
      S.annunciations,
      ALARM_TARGETS.perHour,
    ),
    kpi('maximumRate', peakInWindow(times, HOUR), 'per-hour', S.annunciations),
    kpi('maximumActive', maxActiveMs, 'ms', S.states),
    kpi('maximumUnack', maxUnackMs, 'ms', S.states),
    kpi('maximumReAlarm', maxReAlarm, 'count', S.activations),
  ];
  return {
    period,
    kpis,
    hourly,
    top,
    chattering,
    stale,
    priorities,
    floods,
    sources: { ...S },
  };
}
