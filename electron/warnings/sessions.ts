import { DAY_MS } from '../../shared/warning/model';
import type { SessionDays } from './scan';

/** Gun states a session may end in that mean it stopped abnormally. */
const ABNORMAL_END = new Set(['faulted', 'unavailable']);

type Day = {
  sessions: number;
  failures: number;
  kwh: number;
  powered: number;
  atPower: number;
  unstarted: number;
};

export type TalliedSession = {
  deviceId: string;
  endedAt: number;
  energyKwh: number;
  endState: string;
  peakPowerKw: number | null;
  endPowerKw: number | null;
};

/**
 * Charging sessions per charger and day, kept up to date from the journal's
 * `charging.session` events read incrementally: the detectors want counts,
 * and a pass should not re-read a month of sessions each time.
 */
export class SessionTally {
  private readonly byDevice = new Map<string, Map<number, Day>>();

  /** `endRatio`: the share of its peak at or above which a session counts as ending at power (its profile's threshold). */
  add(data: TalliedSession, endRatio: number): void {
    const d = this.day(data.deviceId, data.endedAt);
    d.sessions++;
    if (ABNORMAL_END.has(data.endState)) d.failures++;
    if (Number.isFinite(data.energyKwh) && data.energyKwh > 0) d.kwh += data.energyKwh;
    // A session that failed counts as a failure, not again as one that ended at power.
    const { peakPowerKw: peak, endPowerKw: end } = data;
    if (peak !== null && end !== null && peak > 0 && !ABNORMAL_END.has(data.endState)) {
      d.powered++;
      if (end >= endRatio * peak) d.atPower++;
    }
  }

  /** A plug-in that never started charging (`charging.unstarted`), on the day it ended. */
  addUnstarted(deviceId: string, endedAt: number): void {
    this.day(deviceId, endedAt).unstarted++;
  }

  private day(deviceId: string, atMs: number): Day {
    const day = Math.floor(atMs / DAY_MS);
    const days = this.byDevice.get(deviceId) ?? new Map<number, Day>();
    this.byDevice.set(deviceId, days);
    const d = days.get(day) ?? { sessions: 0, failures: 0, kwh: 0, powered: 0, atPower: 0, unstarted: 0 };
    days.set(day, d);
    return d;
  }

  /** The counts over `days` days from `startMs` (a UTC midnight); days before it are dropped for good. */
  window(startMs: number, days: number): Record<string, SessionDays> {
    const first = Math.floor(startMs / DAY_MS);
    const out: Record<string, SessionDays> = {};
    for (const [deviceId, byDay] of this.byDevice) {
      const s: SessionDays = { sessions: [], failures: [], kwh: [], powered: [], atPower: [], unstarted: [] };
      for (const day of byDay.keys()) if (day < first) byDay.delete(day);
      for (let i = 0; i < days; i++) {
        const d = byDay.get(first + i);
        s.sessions.push(d?.sessions ?? 0);
        s.failures.push(d?.failures ?? 0);
        s.kwh.push(d?.kwh ?? 0);
        s.powered.push(d?.powered ?? 0);
        s.atPower.push(d?.atPower ?? 0);
        s.unstarted.push(d?.unstarted ?? 0);
      }
      out[deviceId] = s;
    }
    return out;
  }
}
