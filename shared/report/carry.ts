import type { JsonValue } from '../journal/event';
import {
  ALARM_STATES,
  type AlarmPoint,
  type AlarmPointName,
  type ApplicationFacts,
  excludedSpan,
  type ReportEvent,
} from './facts';

/**
 * What a report of one period needs from before it, so that it reads the
 * period and not the desk's whole past, and still counts exactly what a
 * fold of the whole journal counts (electron/reports/period-index.ts keeps
 * these facts as derived data).
 *
 * A subject (alarm point, work order, application) is replayed from its
 * last restart before the period: an event from which folding the
 * subject's events alone gives, for any later period, what folding all of
 * them gives. Its first event is one; so is every `workorder.created` and
 * `application.filed` (the folds start the record afresh there); and an
 * alarm raised from a quiet point (normal, its condition over, both ended
 * strictly before the raise), which opens a new incident, a new condition
 * span and a new state span that no earlier span can join.
 *
 * A subject with no event in or shortly before the period counts only if
 * it was live when the period began: an alarm point in any state but
 * normal or with its condition active, an application pending or taking
 * devices out of availability after that moment. Every other one has only
 * spans and incidents that ended before the period, which no report counts.
 * A work order counts only through events in the period (created,
 * accepted, or opened for an incident raised in it).
 */

export type Family = 'alarm' | 'workorder' | 'application';

export function familyOf(type: string): Family | null {
  if (type.startsWith('alarm.')) return 'alarm';
  if (type.startsWith('workorder.')) return 'workorder';
  if (type.startsWith('application.')) return 'application';
  return null;
}

const field = (data: JsonValue, key: string): JsonValue | undefined =>
  data !== null && typeof data === 'object' && !Array.isArray(data) ? data[key] : undefined;

/** Whether folding `point`'s events from `e` on, without those before, gives the same point for any later period. */
export function alarmRestarts(point: AlarmPoint | undefined, e: ReportEvent): boolean {
  if (!point) return true;
  if (e.type !== 'alarm.raised') return false;
  const to = field(e.data, 'to');
  if (typeof to !== 'string' || to === 'normal' || !ALARM_STATES.has(to)) return false;
  if (point.incidents.length > 0 && field(e.data, 'from') !== 'normal') return false;
  const state = point.states.at(-1);
  const condition = point.conditions.at(-1);
  const stateQuiet = !state || (state.state === 'normal' && state.endMs === null && state.startMs < e.ts);
  const conditionQuiet = !condition || (condition.endMs !== null && condition.endMs < e.ts);
  return stateQuiet && conditionQuiet;
}

/** Whether the point, with no further event, still shows in a later period's reports. */
export function alarmLive(point: AlarmPoint): boolean {
  const state = point.states.at(-1);
  const condition = point.conditions.at(-1);
  return (
    (state !== undefined && state.endMs === null && state.state !== 'normal') ||
    (condition !== undefined && condition.endMs === null)
  );
}

/** Whether the application, with no further event, still shows in a period that starts after `at`. */
export function applicationLive(application: ApplicationFacts, at: number): boolean {
  if (application.state === 'applied') return true;
  const span = excludedSpan(application);
  return span !== null && (span.endMs === null || span.endMs >= at);
}

export const restartsRecord = (e: ReportEvent): boolean =>
  e.type === 'workorder.created' || e.type === 'application.filed';

/**
 * The point as far as later events and the rules above read it: its name,
 * and the last incident, condition span and state span. A builder that
 * folds years of events keeps this much per point, not the years.
 */
export function trimAlarmPoint(point: AlarmPoint): AlarmPoint {
  const incident = point.incidents.at(-1);
  const condition = point.conditions.at(-1);
  const state = point.states.at(-1);
  return {
    ...alarmPointName(point),
    incidents: incident ? [{ ...incident, annunciations: [], activations: [] }] : [],
    conditions: condition ? [condition] : [],
    states: state ? [state] : [],
  };
}

export const alarmPointName = (p: AlarmPointName): AlarmPointName => ({
  alarmId: p.alarmId,
  cause: p.cause,
  source: p.source,
  deviceId: p.deviceId,
  stationId: p.stationId,
});

/** The map in the order its subjects first appeared in the journal (`first`: their first seq). */
export function inJournalOrder<T>(
  map: ReadonlyMap<string, T>,
  first: (subject: string) => number,
): Map<string, T> {
  return new Map([...map].sort((a, b) => first(a[0]) - first(b[0])));
}
