import { evaluateLimit, type LimitDef, type LimitState, NORMAL_LIMIT } from '../../shared/alarm/limits';
import type { Device, PointSample } from '../../shared/api/model';
import type { Profile } from '../../shared/profile/schema';
import { Alarmclock, type DeskClock } from './clock';

export type LimitChange = { deviceId: string; cause: string; active: boolean };

type Watched = {
  deviceId: string;
  limits: { def: LimitDef; state: LimitState; wakeAt: number | null }[];
  value: number | null;
};

/**
 * Evaluates the analog limits the profiles declare against the telemetry
 * samples. Samples only arrive when a value changes, so a value that stays
 * beyond its limit completes its on-delay on a timer, not on the next sample.
 */
export class LimitMonitor {
  private readonly watched = new Map<string, Watched>();
  private readonly timer: Alarmclock;

  constructor(
    devices: readonly Device[],
    profiles: ReadonlyMap<string, Profile>,
    private readonly clock: DeskClock,
    private readonly onChange: (changes: LimitChange[]) => void,
  ) {
    for (const device of devices) {
      for (const point of profiles.get(device.profile)?.points ?? []) {
        if (!point.alarms?.length) continue;
        this.watched.set(`${device.id}\u0000${point.key}`, {
          deviceId: device.id,
          limits: point.alarms.map((def) => ({ def, state: NORMAL_LIMIT, wakeAt: null })),
          value: null,
        });
      }
    }
    this.timer = new Alarmclock(clock, () => this.wake());
  }

  /** Limits already active before a restart (from the alarm journal) start active, so they clear properly. */
  seed(active: readonly { deviceId: string; cause: string }[]): void {
    for (const w of this.watched.values()) {
      for (const limit of w.limits) {
        if (active.some((a) => a.deviceId === w.deviceId && a.cause === limit.def.cause)) {
          limit.state = { active: true, pendingSince: null };
        }
      }
    }
  }

  onSamples(samples: readonly PointSample[]): void {
    const nowMs = this.clock.now();
    const changes: LimitChange[] = [];
    for (const sample of samples) {
      const w = this.watched.get(`${sample.deviceId}\u0000${sample.key}`);
      if (!w) continue;
      w.value = sample.quality === 'good' && typeof sample.value === 'number' ? sample.value : null;
      this.evaluate(w, nowMs, changes);
    }
    this.settle(changes);
  }

  stop(): void {
    this.timer.clear();
  }

  private evaluate(w: Watched, nowMs: number, changes: LimitChange[]): void {
    for (const limit of w.limits) {
      const step = evaluateLimit(limit.def, limit.state, w.value, nowMs);
      if (step.state.active !== limit.state.active) {
        changes.push({ deviceId: w.deviceId, cause: limit.def.cause, active: step.state.active });
      }
      limit.state = step.state;
      limit.wakeAt = step.wakeAt;
    }
  }

  private wake(): void {
    const nowMs = this.clock.now();
    const changes: LimitChange[] = [];
    for (const w of this.watched.values()) {
      if (w.limits.some((l) => l.wakeAt !== null && l.wakeAt <= nowMs)) this.evaluate(w, nowMs, changes);
    }
    this.settle(changes);
  }

  private settle(changes: LimitChange[]): void {
    if (changes.length > 0) this.onChange(changes);
    let next: number | null = null;
    for (const w of this.watched.values()) {
      for (const l of w.limits) if (l.wakeAt !== null && (next === null || l.wakeAt < next)) next = l.wakeAt;
    }
    this.timer.set(next);
  }
}
