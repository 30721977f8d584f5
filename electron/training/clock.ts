import { POLL_INTERVAL_MIN_MS } from '../../shared/config/schema';
import type { DeskClock } from '../alarms/clock';

/** The speeds a shift lead may run a drill at: ×60 plays a 4-hour SLA in four minutes. */
export const DRILL_SCALES = [1, 10, 60] as const;
export type DrillScale = (typeof DRILL_SCALES)[number];

/**
 * Real ms between two polls of a drill's simulated fleet. The poller runs
 * on real time, so a drill desk polling every real second would see a
 * fault up to a simulated minute late at ×60; polling `intervalMs` of
 * drill time instead keeps detection what it is at ×1. The config's own
 * minimum is the floor: at ×60 that is a poll every 6 simulated seconds,
 * which keeps the poller from taking the machine the trainees work on.
 */
export function drillPollIntervalMs(intervalMs: number, scale: DrillScale): number {
  return Math.max(POLL_INTERVAL_MIN_MS, Math.round(intervalMs / scale));
}

/**
 * The one clock of a drill: the simulated fleet's physics, the scenario's
 * steps and the training desk's SLA clocks all read it, so a step the
 * scenario plays at +2h is two hours after the raise on every clock the
 * scoring reads. It starts at `startMs` and runs `scale` times real time;
 * a timer for drill time `ms` fires after `ms / scale` real ms.
 */
export class DrillClock implements DeskClock {
  private readonly realStart: number;

  constructor(
    readonly startMs: number,
    readonly scale: DrillScale,
    private readonly real: () => number = Date.now,
  ) {
    this.realStart = real();
  }

  now = (): number => this.startMs + (this.real() - this.realStart) * this.scale;

  after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, ms) / this.scale);
    return () => clearTimeout(timer);
  }

  /** The same clock as the simulator's scenario player takes it. */
  readonly timers = {
    now: (): number => this.now(),
    setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, Math.max(0, ms) / this.scale),
    clearTimeout: (handle: unknown): void => clearTimeout(handle as NodeJS.Timeout),
  };
}
