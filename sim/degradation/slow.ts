import type { DegradationKind } from './kinds';

/**
 * A slow degradation switched on at one simulated device, with a known onset
 * and the moment it becomes a fault: ground truth for the early warnings in
 * the register-level simulator (the day-resolution fleet-year uses the same
 * kinds and shapes, sim/degradation/fleet-year.ts).
 */
export type SlowKind = Extract<
  DegradationKind,
  'contact-resistance' | 'insulation-decay' | 'soiling' | 'string-loss' | 'frozen-counter'
>;

export type SlowDegradation = {
  kind: SlowKind;
  onsetMs: number;
  faultMs: number;
};

/** How far from onset to fault: 0 before onset, 1 from the fault on, linear between. */
export function slowShare(d: SlowDegradation, nowMs: number): number {
  if (nowMs <= d.onsetMs) return 0;
  if (nowMs >= d.faultMs) return 1;
  return (nowMs - d.onsetMs) / (d.faultMs - d.onsetMs);
}

/**
 * Severity grows as the square of the elapsed share, so the first weeks
 * show little, as wear does: 0 before onset, 1 at the fault and after,
 * until a repair removes the degradation.
 */
export function slowSeverity(d: SlowDegradation, nowMs: number): number {
  const share = slowShare(d, nowMs);
  return share * share;
}

/** Throws a RangeError for a degradation whose fault does not come after its onset. */
export function checkSlowDegradation(d: SlowDegradation): SlowDegradation {
  if (!(Number.isFinite(d.onsetMs) && Number.isFinite(d.faultMs) && d.faultMs > d.onsetMs))
    throw new RangeError(`${d.kind}: the fault (${d.faultMs}) must come after the onset (${d.onsetMs})`);
  return d;
}

/** Share of the yield soiling takes by its fault (as in the fleet-year). */
export const SOILING_LOSS = 0.3;

/**
 * Share of its day a failing part spends failed at severity `s`: a string
 * dropping out, a counter sticking, ever more of the day until it is
 * always (the fleet-year draws the day's share around the same curve).
 */
export function failedShareOfDay(s: number): number {
  return Math.min(1, s);
}

/**
 * Whether a part failed for `share` of each day is failed at `nowMs`: the
 * failed hours lie around local noon (heat opens a bad string connector; a
 * sticking register sticks in the busy hours first) and widen to the whole
 * day. `lng` gives local solar time, as the models' other daily curves use.
 */
export function failedAt(share: number, nowMs: number, lng: number): boolean {
  if (share <= 0) return false;
  const h = (((nowMs / 3_600_000 + lng / 15) % 24) + 24) % 24;
  return Math.abs(h - 12) < 12 * share;
}

/**
 * The slow degradations running at one simulated device, limited to the
 * kinds its hardware can show (a meter has no contacts to wear).
 */
export class SlowDegradations {
  private active: SlowDegradation[] = [];

  constructor(
    private readonly deviceId: string,
    readonly supported: readonly SlowKind[],
  ) {}

  /** Starts `d`, replacing one of the same kind; a RangeError for a kind this device cannot show or a fault before the onset. */
  add(d: SlowDegradation): void {
    if (!this.supported.includes(d.kind))
      throw new RangeError(
        `${this.deviceId} cannot show ${d.kind} (it can show: ${this.supported.join(', ')})`,
      );
    checkSlowDegradation(d);
    this.active = [...this.active.filter((x) => x.kind !== d.kind), d];
  }

  /** A repair: the degradation of that kind is gone. */
  remove(kind: SlowKind): void {
    this.active = this.active.filter((x) => x.kind !== kind);
  }

  /** Linear share from onset to fault of `kind` at `nowMs`; 0 when it is not running. */
  share(kind: SlowKind, nowMs: number): number {
    const d = this.active.find((x) => x.kind === kind);
    return d ? slowShare(d, nowMs) : 0;
  }

  /** Squared severity of `kind` at `nowMs` (see slowSeverity); 0 when it is not running. */
  severity(kind: SlowKind, nowMs: number): number {
    const d = this.active.find((x) => x.kind === kind);
    return d ? slowSeverity(d, nowMs) : 0;
  }

  list(): readonly SlowDegradation[] {
    return this.active;
  }
}
