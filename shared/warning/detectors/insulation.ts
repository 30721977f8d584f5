import { bandEvidence, confidenceOf, type DaySeries, type Finding, runStart } from '../model';
import { quantile, theilSenSlope } from '../stats';
import type { Thresholds } from '../thresholds';
import { lastDays, levelShift, mapSeries } from './level';

/**
 * Insulation decline. `insulationKohm` is, per day, the lowest DC insulation
 * resistance the charger measured at its session starts. Insulation varies
 * over orders of magnitude and with humidity, so the trend is judged on its
 * logarithm: it warns when the level has fallen well below the baseline and
 * either it is already below `dropRatio` of it or the trend reaches the trip
 * limit within `horizonDays`. Humidity only ever lowers a reading, and wet
 * spells last days, so "now" is the upper quartile of the last
 * `insulation.recentDays` days: the driest of them must have fallen too. A
 * reading of 0 or less is a dropped-out sensor, not insulation, and counts
 * as a gap.
 */
export function insulationDecline(
  deviceId: string,
  insulationKohm: DaySeries,
  t: Thresholds,
): Finding | null {
  const rule = t.insulation;
  const valid = mapSeries(insulationKohm, (v) => (v > 0 ? v : null));
  const logs = mapSeries(valid, (v) => Math.log(v));
  const shift = levelShift(logs, t, 0.02, rule.recentDays, (v) => quantile(v, 0.75));
  if (!shift) return null;
  const { base, sd, recent, z } = shift;
  if (-z < t.zWarn) return null;
  const slope = theilSenSlope(lastDays(logs, 14).values);
  const daysToTrip = slope < 0 ? (Math.log(rule.tripKohm) - recent) / slope : Number.POSITIVE_INFINITY;
  const dropped = recent <= base + Math.log(rule.dropRatio);
  if (!dropped && !(daysToTrip <= rule.horizonDays)) return null;
  const window = lastDays(insulationKohm, t.windowDays);
  return {
    detector: 'insulation-decline',
    deviceId,
    variant: dropped ? 'dropped' : 'trending-to-trip',
    confidence: confidenceOf(-z, t.zWarn),
    startedAtMs: runStart(shift.window, (v) => v < base - 2 * sd),
    adviceKey: 'warning.advice.insulation',
    evidence: bandEvidence(
      window,
      { lo: Math.exp(base - t.zWarn * sd), hi: Math.exp(base + 2 * sd) },
      'warning.quantity.insulation',
      'kΩ',
    ),
  };
}
