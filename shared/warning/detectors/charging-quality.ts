import { confidenceOf, type DaySeries, dayAt, type Finding } from '../model';
import { binomialUpperTail } from '../stats';
import type { Thresholds } from '../thresholds';
import { lastDays, sumFrom } from './level';

/** How a share of sessions is judged: its floor, significance, fewest events and the days counted as "now". */
type RateRule = { floorRate: number; alpha: number; minFailures: number; days: number };

/**
 * Charging quality. Per day, the sessions a charger ran and how many failed
 * to start or stopped abnormally (from `charging.session` events). The
 * baseline failure rate (never assumed below `floorRate`) says how many of
 * the last `chargingQuality.days` days' sessions should have failed; far
 * more (binomial upper tail below `alpha`) warns: a contactor, a cable, a
 * communication board wearing out. Idle days carry no evidence either way.
 */
export function chargingQuality(
  deviceId: string,
  sessions: DaySeries,
  failures: DaySeries,
  t: Thresholds,
): Finding | null {
  return shareRising(deviceId, sessions, failures, t.chargingQuality, t, {
    variant: 'failure-rate',
    adviceKey: 'warning.advice.chargingQuality',
    quantity: 'warning.quantity.failureRate',
  });
}

/**
 * Sessions that end at unusual power: a session whose last charging reading
 * is still at `endPower.ratio` of its peak did not taper off as a full car
 * does, it was cut (a power module or a cable tripping, a contactor
 * dropping out under load). `powered` counts the sessions whose end power
 * is known, `atPower` those that ended at power; a rising share against the
 * charger's own baseline warns, as for failures. Drivers who unplug
 * mid-charge are in the baseline; days the whole site lost power are
 * masked out by the pass (shared/warning/pass.ts) before this sees them.
 */
export function unusualEndPower(
  deviceId: string,
  powered: DaySeries,
  atPower: DaySeries,
  t: Thresholds,
): Finding | null {
  return shareRising(deviceId, powered, atPower, t.endPower, t, {
    variant: 'end-at-power',
    adviceKey: 'warning.advice.endPower',
    quantity: 'warning.quantity.endAtPower',
  });
}

/**
 * A share of events among trials (failures among sessions, say) rising
 * against the charger's own baseline share. `clumped` events come in
 * bursts (a refused driver plugging in again): the baseline days' spread
 * beyond a binomial one (their Pearson dispersion) then shrinks the recent
 * counts before the test, so a burst weighs as one event, not several.
 * `combine` turns the test's probability into the one judged, with other
 * evidence of the same fault.
 */
export function shareRising(
  deviceId: string,
  sessions: DaySeries,
  events: DaySeries,
  rule: RateRule,
  t: Thresholds,
  labels: {
    variant: string;
    adviceKey: string;
    quantity: string;
    clumped?: boolean;
    combine?: (p: number) => number;
  },
): Finding | null {
  const n = lastDays(sessions, t.windowDays);
  const f = lastDays(events, t.windowDays);
  const cut = n.values.length - rule.days;
  if (cut < t.minBaselineDays) return null;
  const baseN = sumFrom(n.values.slice(0, cut), 0);
  const baseF = sumFrom(f.values.slice(0, cut), 0);
  const recentN = sumFrom(n.values, cut);
  const recentF = sumFrom(f.values, cut);
  if (recentF < rule.minFailures || recentN <= 0) return null;
  const rate = Math.max(rule.floorRate, baseN > 0 ? baseF / baseN : 0);
  const tail = labels.clumped
    ? clumpedTail(n.values, f.values, cut, rate)
    : binomialUpperTail(recentF, recentN, rate);
  const p = labels.combine ? labels.combine(tail) : tail;
  if (p >= rule.alpha) return null;
  const sd = (d: number) => Math.sqrt((rate * (1 - rate)) / Math.max(1, n.values[d] ?? 0));
  let start = n.values.length - 1;
  for (let d = n.values.length - 1; d >= 0; d--) {
    const nd = n.values[d] ?? 0;
    if (nd <= 0) continue;
    if ((f.values[d] ?? 0) / nd <= rate + sd(d)) break;
    start = d;
  }
  return {
    detector: 'charging-quality',
    deviceId,
    variant: labels.variant,
    confidence: confidenceOf(-Math.log10(p), -Math.log10(rule.alpha)),
    startedAtMs: dayAt(n, start),
    adviceKey: labels.adviceKey,
    evidence: {
      quantity: labels.quantity,
      unit: '%',
      points: n.values.map((nd, d) => ({
        atMs: dayAt(n, d),
        value: nd && nd > 0 ? (100 * (f.values[d] ?? 0)) / nd : null,
        lo: 0,
        hi: 100 * Math.min(1, rate + 2 * sd(d)),
      })),
    },
  };
}

/**
 * P(at least the recent events) for events that clump, on a baseline share
 * that is itself a guess: given the window's events, each falls in the
 * recent days in proportion to their trials if the share held (so the
 * baseline's own chance spread is counted, not taken as known), and a
 * burst counts once, the counts shrunk by the baseline's dispersion.
 */
function clumpedTail(
  trials: readonly (number | null)[],
  events: readonly (number | null)[],
  cut: number,
  rate: number,
): number {
  const baseN = sumFrom(trials.slice(0, cut), 0);
  const recentN = sumFrom(trials, cut);
  const phi = dispersion(trials.slice(0, cut), events.slice(0, cut), rate);
  const recentF = sumFrom(events, cut) / phi;
  const totalF = (sumFrom(events.slice(0, cut), 0) + sumFrom(events, cut)) / phi;
  return binomialUpperTail(Math.round(recentF), Math.round(totalF), recentN / (baseN + recentN));
}

/** Pearson dispersion of daily event counts against a binomial share `rate`: 1 when they spread as a binomial does, never less. */
export function dispersion(
  trials: readonly (number | null)[],
  events: readonly (number | null)[],
  rate: number,
): number {
  let chi2 = 0;
  let days = 0;
  trials.forEach((nd, d) => {
    if (nd === null || nd <= 0) return;
    const expected = nd * rate;
    chi2 += ((events[d] ?? 0) - expected) ** 2 / (expected * (1 - rate));
    days++;
  });
  return days > 1 ? Math.max(1, chi2 / (days - 1)) : 1;
}
