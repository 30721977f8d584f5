import { priorityRank } from '../../../../shared/alarm/priority';
import type { AlarmState } from '../../../../shared/alarm/state';
import type { AlarmView, Device, Station } from '../../../../shared/api';
import { Tier } from '../../../../shared/triage/tiers';
import { isUnacknowledged } from '../../state/alarms';

/** Which alarms the queue lists; suppressed children always follow their parent. */
export type StateFilter = 'open' | 'unacked' | 'acked' | 'shelved' | 'all';
export const STATE_FILTERS: readonly StateFilter[] = ['open', 'unacked', 'acked', 'shelved', 'all'];

export type SortKey = 'tier' | 'priority' | 'age' | 'sla';
export const SORT_KEYS: readonly SortKey[] = ['priority', 'tier', 'sla', 'age'];

export type QueueFilter = {
  state: StateFilter;
  stationId: string | null;
  group: string | null;
  tier: Tier | null;
  text: string;
};

export const defaultFilter: QueueFilter = {
  state: 'open',
  stationId: null,
  group: null,
  tier: null,
  text: '',
};

/**
 * auto: one row per alarm, but one per station and cause while the desk is
 * in flood (ISA-18.2: a wall of rows is what hides the one that matters).
 */
export type Grouping = 'auto' | 'alarms' | 'groups';

export type QueueContext = {
  stations: ReadonlyMap<string, Station>;
  devices: ReadonlyMap<string, Device>;
  /** The cause in the operator's words, for the text filter. */
  causeWords(alarm: AlarmView): string;
};

export type AlarmRow = {
  kind: 'alarm';
  key: string;
  alarm: AlarmView;
  /** 1 for a suppressed child or a member of a flood group. */
  depth: 0 | 1;
  /** Alarms hidden under this one by design (its station or gateway lost comms). */
  children: readonly AlarmView[];
  expanded: boolean;
};

export type GroupRow = {
  kind: 'group';
  key: string;
  stationId: string;
  cause: string;
  /** In queue order; the first is the one the group sorts by. */
  alarms: readonly AlarmView[];
  unacknowledged: number;
  expanded: boolean;
};

export type QueueRow = AlarmRow | GroupRow;

const OPEN: ReadonlySet<AlarmState> = new Set([
  'active-unacknowledged',
  'active-acknowledged',
  'returned-unacknowledged',
  'suppressed-by-design',
]);

export function matchesState(alarm: AlarmView, filter: StateFilter): boolean {
  switch (filter) {
    case 'open':
      return OPEN.has(alarm.state);
    case 'unacked':
      return isUnacknowledged(alarm);
    case 'acked':
      return alarm.state === 'active-acknowledged';
    case 'shelved':
      return alarm.state === 'shelved';
    case 'all':
      return alarm.state !== 'normal';
  }
}

/** The station or gateway alarm a suppressed child belongs under (see shared/alarm/suppression). */
export function parentIdOf(alarm: AlarmView): string | null {
  return alarm.suppressedBy ? `${alarm.suppressedBy.id}:comms.${alarm.suppressedBy.kind}` : null;
}

export type SlaStatus = { clockId: string; deadline: number; remainingMs: number; breached: boolean };

/**
 * The deadline that matters now: the nearest one still counting (or
 * already missed and not yet stopped). Reminders are reports owed, shown in
 * the detail pane, not the queue's clock.
 */
export function slaOf(alarm: AlarmView, nowMs: number): SlaStatus | null {
  let nearest: SlaStatus | null = null;
  for (const clock of alarm.clocks) {
    if (clock.kind !== 'deadline' || clock.deadline === null || clock.stoppedAt !== null) continue;
    if (clock.state !== 'running' && clock.state !== 'breached') continue;
    if (nearest && nearest.deadline <= clock.deadline) continue;
    const remainingMs = clock.deadline - nowMs;
    nearest = { clockId: clock.id, deadline: clock.deadline, remainingMs, breached: remainingMs <= 0 };
  }
  return nearest;
}

const TIER_URGENCY: Readonly<Record<Tier, number>> = { emergency: 0, 'on-site': 1, remote: 2 };

/** Sorts by the nearest deadline, not the time left, so the order does not move as the clock ticks. */
function nearestDeadline(alarm: AlarmView): number {
  return slaOf(alarm, 0)?.deadline ?? Number.POSITIVE_INFINITY;
}

/**
 * A total order: every key ends in the raise time and then the id, so two
 * renders of the same alarms give the same rows, and a streamed update moves
 * only the alarm it changed.
 */
export function compareAlarms(sort: SortKey): (a: AlarmView, b: AlarmView) => number {
  const older = (a: AlarmView, b: AlarmView) =>
    a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const priority = (a: AlarmView, b: AlarmView) => priorityRank(a.priority) - priorityRank(b.priority);
  switch (sort) {
    case 'priority':
      return (a, b) => priority(a, b) || TIER_URGENCY[a.tier] - TIER_URGENCY[b.tier] || older(a, b);
    case 'tier':
      return (a, b) => TIER_URGENCY[a.tier] - TIER_URGENCY[b.tier] || priority(a, b) || older(a, b);
    case 'age':
      return older;
    case 'sla':
      return (a, b) => {
        const da = nearestDeadline(a);
        const db = nearestDeadline(b);
        if (da !== db) return da < db ? -1 : 1;
        return priority(a, b) || older(a, b);
      };
  }
}

function matchesFilter(alarm: AlarmView, filter: QueueFilter, context: QueueContext): boolean {
  if (filter.stationId !== null && alarm.stationId !== filter.stationId) return false;
  const station = context.stations.get(alarm.stationId);
  if (filter.group !== null && station?.group !== filter.group) return false;
  if (filter.tier !== null && alarm.tier !== filter.tier) return false;
  const text = filter.text.trim().toLowerCase();
  if (text === '') return true;
  const device = alarm.deviceId ? context.devices.get(alarm.deviceId) : undefined;
  return [
    alarm.id,
    alarm.cause,
    context.causeWords(alarm),
    station?.name,
    station?.nameEn,
    station?.group,
    device?.name,
  ].some((field) => field?.toLowerCase().includes(text));
}

export type QueueOptions = {
  filter: QueueFilter;
  sort: SortKey;
  grouped: boolean;
  /** Keys of expanded rows: an alarm with suppressed children, or a group. */
  expanded: ReadonlySet<string>;
};

/**
 * The rows of the queue, top to bottom: the alarms the filter lets through,
 * sorted; design-suppressed comms alarms under their station or gateway
 * alarm; and, when grouped, one row per station and cause.
 */
export function buildQueue(
  alarms: Iterable<AlarmView>,
  context: QueueContext,
  options: QueueOptions,
): QueueRow[] {
  const { filter, sort, grouped, expanded } = options;
  const all = [...alarms];
  const byId = new Map(all.map((a) => [a.id, a]));
  const compare = compareAlarms(sort);

  const childrenOf = new Map<string, AlarmView[]>();
  const tops: AlarmView[] = [];
  for (const alarm of all) {
    const parentId = parentIdOf(alarm);
    const parent = parentId ? byId.get(parentId) : undefined;
    if (alarm.state === 'suppressed-by-design' && parent && parentId) {
      childrenOf.set(parentId, [...(childrenOf.get(parentId) ?? []), alarm]);
      continue;
    }
    if (matchesState(alarm, filter.state) && matchesFilter(alarm, filter, context)) tops.push(alarm);
  }
  tops.sort(compare);

  const alarmRow = (alarm: AlarmView, depth: 0 | 1): AlarmRow[] => {
    const children = (childrenOf.get(alarm.id) ?? []).sort(compare);
    const open = children.length > 0 && expanded.has(alarm.id);
    const row: AlarmRow = { kind: 'alarm', key: alarm.id, alarm, depth, children, expanded: open };
    if (!open) return [row];
    return [
      row,
      ...children.map(
        (child): AlarmRow => ({
          kind: 'alarm',
          key: child.id,
          alarm: child,
          depth: 1,
          children: [],
          expanded: false,
        }),
      ),
    ];
  };

  if (!grouped) return tops.flatMap((alarm) => alarmRow(alarm, 0));

  const groups = new Map<string, AlarmView[]>();
  for (const alarm of tops) {
    const key = groupKey(alarm);
    groups.set(key, [...(groups.get(key) ?? []), alarm]);
  }
  const rows: QueueRow[] = [];
  const emitted = new Set<string>();
  for (const alarm of tops) {
    const key = groupKey(alarm);
    if (emitted.has(key)) continue;
    emitted.add(key);
    const members = groups.get(key) ?? [alarm];
    if (members.length === 1) {
      rows.push(...alarmRow(alarm, 0));
      continue;
    }
    const open = expanded.has(key);
    rows.push({
      kind: 'group',
      key,
      stationId: alarm.stationId,
      cause: alarm.cause,
      alarms: members,
      unacknowledged: members.filter(isUnacknowledged).length,
      expanded: open,
    });
    if (open) for (const member of members) rows.push(...alarmRow(member, 1));
  }
  return rows;
}

/** Flood groups gather one cause at one station: the crew and the fix are the same for all of them. */
export function groupKey(alarm: Pick<AlarmView, 'stationId' | 'cause'>): string {
  return `group:${alarm.stationId}:${genericCause(alarm.cause)}`;
}

/** `gun2.faulted` and `gun1.faulted` are one cause for grouping. */
function genericCause(cause: string): string {
  return cause.replace(/^gun\d+\./, 'gun*.');
}

/** The alarms an action on this row applies to: a group acts on its members. */
export function alarmsOfRow(row: QueueRow): readonly AlarmView[] {
  return row.kind === 'group' ? row.alarms : [row.alarm];
}

export const TIERS = Tier.options;

/**
 * New alarms in the flood window, for "N new in 10 min": a raise time stands
 * for its annunciation. The page's clock ticks once a second, so an alarm
 * raised since the last tick counts too.
 */
export function raisedWithin(alarms: Iterable<AlarmView>, nowMs: number, windowMs: number): number {
  let count = 0;
  for (const alarm of alarms) if (alarm.raisedAt > nowMs - windowMs) count += 1;
  return count;
}
