import type { Priority } from '../../../shared/alarm/priority';
import type { AlarmsDelta, AlarmView, FloodView, SlaBreach } from '../../../shared/api';

export type AlarmsState = {
  readonly loaded: boolean;
  /** Every alarm point the engine knows, by id; a record is replaced, never mutated. */
  readonly alarms: ReadonlyMap<string, AlarmView>;
  readonly flood: FloodView;
  /** Every SLA breach pushed since the page opened, counted, so the annunciator can tell a new one. */
  readonly breachCount: number;
  readonly lastBreach: SlaBreach | null;
};

export const emptyAlarms: AlarmsState = {
  loaded: false,
  alarms: new Map(),
  flood: { flooding: false, since: null },
  breachCount: 0,
  lastBreach: null,
};

export function fromList(list: AlarmsDelta, previous: AlarmsState = emptyAlarms): AlarmsState {
  return {
    loaded: true,
    alarms: new Map(list.alarms.map((a) => [a.id, a])),
    flood: list.flood,
    breachCount: previous.breachCount,
    lastBreach: previous.lastBreach,
  };
}

/** Records in the delta replace the held ones, removed ones go; the flood state is the engine's latest word. */
export function applyAlarmsDelta(state: AlarmsState, delta: AlarmsDelta): AlarmsState {
  if (!state.loaded) return state;
  const sameFlood = state.flood.flooding === delta.flood.flooding && state.flood.since === delta.flood.since;
  const changes = delta.alarms.length + delta.removed.length;
  if (changes === 0 && sameFlood && delta.breaches.length === 0) return state;
  let alarms = state.alarms;
  if (changes > 0) {
    const next = new Map(state.alarms);
    for (const alarm of delta.alarms) next.set(alarm.id, alarm);
    for (const id of delta.removed) next.delete(id);
    alarms = next;
  }
  return {
    loaded: true,
    alarms,
    flood: sameFlood ? state.flood : delta.flood,
    breachCount: state.breachCount + delta.breaches.length,
    lastBreach: delta.breaches.at(-1) ?? state.lastBreach,
  };
}

/**
 * Deltas waiting for the next animation frame, folded by alarm id so a storm
 * held back by a hidden tab costs memory for the alarm points, not for every
 * change of them.
 */
export class PendingAlarms {
  private readonly alarms = new Map<string, AlarmView>();
  private flood: FloodView | null = null;
  private breaches: SlaBreach[] = [];
  private readonly removed = new Set<string>();

  get size(): number {
    return this.alarms.size + this.removed.size + this.breaches.length + (this.flood ? 1 : 0);
  }

  add(delta: AlarmsDelta): void {
    for (const alarm of delta.alarms) {
      this.alarms.set(alarm.id, alarm);
      this.removed.delete(alarm.id);
    }
    for (const id of delta.removed) {
      this.alarms.delete(id);
      this.removed.add(id);
    }
    this.flood = delta.flood;
    // A breach is pushed once, and each one must sound: they are kept, not folded.
    this.breaches.push(...delta.breaches);
  }

  /** Everything held, as one delta, and empty again; null when nothing is held. */
  take(): AlarmsDelta | null {
    if (!this.flood) return null;
    const delta = {
      alarms: [...this.alarms.values()],
      flood: this.flood,
      breaches: this.breaches,
      removed: [...this.removed],
    };
    this.alarms.clear();
    this.removed.clear();
    this.flood = null;
    this.breaches = [];
    return delta;
  }
}

/** ISA-18.2 B and D: the operator has not yet seen these. */
export function isUnacknowledged(alarm: Pick<AlarmView, 'state'>): boolean {
  return alarm.state === 'active-unacknowledged' || alarm.state === 'returned-unacknowledged';
}

export type PriorityCounts = Readonly<Record<Priority, number>>;

export function unacknowledgedCounts(state: AlarmsState): PriorityCounts {
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const alarm of state.alarms.values()) {
    if (isUnacknowledged(alarm)) counts[alarm.priority] += 1;
  }
  return counts;
}
